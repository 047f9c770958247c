#!/usr/bin/env python3
"""Writes and reads small float NumPy .npy files without NumPy (for the scripts and the tests).

  npy.py write PATH DESCR N,H,W,C [F]   an array of seeded random values ('<f4' or '<f8')
  npy.py read PATH                      prints the shape and each row's sum and largest value
"""
import ast
import random
import struct
import sys


def write_array(path, descr, shape, values, fortran=False):
    """Stores `values` (row-major) as an array of `shape` and dtype `descr` ('<f4', '<f8')."""
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, fortran, repr(tuple(shape)))
    header += ' ' * (63 - (len(header) + 10) % 64) + '\n'
    code = {'<f4': 'f', '<f8': 'd'}[descr]
    with open(path, 'wb') as f:
        f.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode())
        f.write(struct.pack('<%d%s' % (len(values), code), *values))


def write_random(path, descr, shape, fortran=False):
    """An array of `shape` holding values in [0, 1) from a fixed seed."""
    count = 1
    for dim in shape:
        count *= dim
    rng = random.Random(42)
    write_array(path, descr, shape, [rng.random() for _ in range(count)], fortran)


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
        print('row %d sum %.4f max %.6f' % (row, sum(cells), max(cells)))


if __name__ == '__main__':
    if not (len(sys.argv) in (5, 6) and sys.argv[1] == 'write' or
            len(sys.argv) == 3 and sys.argv[1] == 'read'):
        sys.exit(__doc__.strip())
    if sys.argv[1] == 'write':
        dims = [int(d) for d in sys.argv[4].split(',')]
        write_random(sys.argv[2], sys.argv[3], dims, len(sys.argv) > 5 and sys.argv[5] == 'F')
    else:
        read(sys.argv[2])
