"""Prints the largest absolute difference between the tensors of two safetensors files holding
the same F32 tensors, and fails above a bound: weights_differ.py A B BOUND."""
import array
import json
import struct
import sys


def tensors(path):
    with open(path, 'rb') as file:
        size = struct.unpack('<Q', file.read(8))[0]
        header = json.loads(file.read(size))
        data = file.read()
    header.pop('__metadata__', None)
    result = {}
    for name, info in header.items():
        if info['dtype'] != 'F32':
            sys.exit(f'{path}: tensor {name} is {info["dtype"]}, not F32')
        begin, end = info['data_offsets']
        values = array.array('f')
        values.frombytes(data[begin:end])
        if sys.byteorder != 'little':
            values.byteswap()
        result[name] = (info['shape'], values)
    return result


def main():
    first, second, bound = tensors(sys.argv[1]), tensors(sys.argv[2]), float(sys.argv[3])
    if sorted(first) != sorted(second):
        sys.exit(f'the files hold different tensors: {sorted(first)} and {sorted(second)}')
    largest = 0.0
    for name, (shape, values) in first.items():
        if shape != second[name][0]:
            sys.exit(f'tensor {name} has shapes {shape} and {second[name][0]}')
        largest = max([largest] + [abs(a - b) for a, b in zip(values, second[name][1])])
    print(f'largest difference {largest:.3g} over {len(first)} tensors')
    if not largest <= bound:
        sys.exit(f'the largest difference {largest:.3g} is above {bound:g}')


main()
