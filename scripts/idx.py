#!/usr/bin/env python3
"""Writes small IDX data sets (the MNIST format) for the tests, and turns an image into .npy.

  idx.py write FOLDER SPLIT COUNT [gz]   COUNT seeded random 28x28 images, labels 0, 1, 2, ...
                                         (mod 10), as FOLDER/{train,t10k}-{images-idx3,
                                         labels-idx1}-ubyte, gzipped with .gz when asked
  idx.py npy IMAGES INDEX OUT.npy        image INDEX of an IDX image file (gzipped or not) as a
                                         float32 array (1, H, W, 1) of pixels / 255
  idx.py head SOURCE FOLDER COUNT        the first COUNT images and labels of both splits of the
                                         IDX data set in SOURCE (gzipped or not), as FOLDER's
                                         uncompressed files: real images that load in no time
"""
import gzip
import os
import random
import struct
import sys

from npy import write_array

PREFIXES = {'train': 'train', 'test': 't10k'}


def idx_bytes(magic, shape, data):
    """The big-endian header (magic, one 32-bit extent per dimension), then the bytes."""
    return struct.pack('>I%dI' % len(shape), magic, *shape) + bytes(data)


def write_split(folder, split, count, gz):
    rng = random.Random(7)
    pixels = [rng.randrange(256) for _ in range(count * 28 * 28)]
    labels = [i % 10 for i in range(count)]
    prefix = os.path.join(folder, PREFIXES[split])
    opener = gzip.open if gz else open
    suffix = '.gz' if gz else ''
    with opener(prefix + '-images-idx3-ubyte' + suffix, 'wb') as f:
        f.write(idx_bytes(0x803, (count, 28, 28), pixels))
    with opener(prefix + '-labels-idx1-ubyte' + suffix, 'wb') as f:
        f.write(idx_bytes(0x801, (count,), labels))


def read_idx(path):
    """The bytes of an IDX file, gunzipped when they are gzipped."""
    with open(path, 'rb') as f:
        data = f.read()
    return gzip.decompress(data) if data[:2] == b'\x1f\x8b' else data


def write_head(source, folder, count):
    os.makedirs(folder, exist_ok=True)
    for prefix in PREFIXES.values():
        for kind, magic in [('images-idx3', 0x803), ('labels-idx1', 0x801)]:
            name = '%s-%s-ubyte' % (prefix, kind)
            path = os.path.join(source, name)
            data = read_idx(path if os.path.exists(path) else path + '.gz')
            rank = magic & 0xff
            shape = struct.unpack('>%dI' % rank, data[4:4 + 4 * rank])
            item = 1
            for extent in shape[1:]:
                item *= extent
            begin = 4 + 4 * rank
            with open(os.path.join(folder, name), 'wb') as f:
                f.write(idx_bytes(magic, (count,) + shape[1:],
                                  data[begin:begin + count * item]))


def write_image(images, index, out):
    data = read_idx(images)
    _, _, rows, cols = struct.unpack('>4I', data[:16])
    begin = 16 + index * rows * cols
    pixels = data[begin:begin + rows * cols]
    write_array(out, '<f4', (1, rows, cols, 1), [p / 255.0 for p in pixels])


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write_split(sys.argv[2], sys.argv[3], int(sys.argv[4]),
                    len(sys.argv) > 5 and sys.argv[5] == 'gz')
    elif sys.argv[1] == 'head':
        write_head(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        write_image(sys.argv[2], int(sys.argv[3]), sys.argv[4])
