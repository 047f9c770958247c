#!/usr/bin/env python3
"""Writes the first Fashion-MNIST images of a split as a float32 .npy (N, 28, 28, 1), pixels / 255."""
import argparse
import gzip
import struct

import npy

DATA = '/usr/share/datasets/fashion-mnist'


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--split', choices=['train', 'test'], default='test')
    parser.add_argument('--count', type=int, default=4)
    parser.add_argument('-o', '--output', required=True)
    args = parser.parse_args()
    prefix = 't10k' if args.split == 'test' else 'train'
    with gzip.open('%s/%s-images-idx3-ubyte.gz' % (DATA, prefix)) as f:
        magic, total, rows, cols = struct.unpack('>IIII', f.read(16))
        if magic != 2051:
            raise SystemExit('not an IDX image file')
        count = min(args.count, total)
        pixels = f.read(count * rows * cols)
    npy.write_array(args.output, '<f4', (count, rows, cols, 1), [p / 255.0 for p in pixels])


if __name__ == '__main__':
    main()
