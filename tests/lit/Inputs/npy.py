# Writes and reads small NumPy .npy files for the tests, without NumPy.
import ast
import random
import struct
import sys


def write(path, descr, shape, fortran=False):
    """An array of `shape` with values from a fixed seed, stored as `descr` ('<f4', '<f8')."""
    count = 1
    for dim in shape:
        count *= dim
    rng = random.Random(42)
    values = [rng.random() for _ in range(count)]
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, fortran, repr(tuple(shape)))
    header += ' ' * (63 - (len(header) + 10) % 64) + '\n'
    code = {'<f4': 'f', '<f8': 'd'}[descr]
    with open(path, 'wb') as f:
        f.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode())
        f.write(struct.pack('<%d%s' % (count, code), *values))


def read(path):
    """Prints the shape, then each row's sum and largest value (a row is the last axis)."""
    data = open(path, 'rb').read()
    length = struct.unpack('<H', data[8:10])[0]
    header = ast.literal_eval(data[10:10 + length].decode())
    values = struct.unpack('<%df' % ((len(data) - 10 - length) // 4), data[10 + length:])
    shape = header['shape']
    print('shape', shape)
    for row in range(len(values) // shape[-1]):
        cells = values[row * shape[-1]:(row + 1) * shape[-1]]
        print('row %d sum %.4f max %.4f' % (row, sum(cells), max(cells)))


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        dims = [int(d) for d in sys.argv[4].split(',')]
        write(sys.argv[2], sys.argv[3], dims, fortran=len(sys.argv) > 5 and sys.argv[5] == 'F')
    else:
        read(sys.argv[2])
