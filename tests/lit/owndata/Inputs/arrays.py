#!/usr/bin/env python3
"""Writes the NumPy arrays the own-data tests train on (needs NumPy: Debian's python3-numpy).

  arrays.py colours PREFIX N SEED
      N samples of the rgb model, 16x16x3, in three classes: class c has channel c bright.
      PREFIX-x.npy       float32 pixels / 255      PREFIX-y.npy          int64 class indices
      PREFIX-x-u8.npy    uint8 pixels 0..255       PREFIX-y-u8.npy       uint8 class indices
      PREFIX-x-f32.npy   the uint8 pixels, float32 PREFIX-y-f32.npy      float32 class indices
      PREFIX-x-f64.npy   the uint8 pixels, float64 PREFIX-y-column.npy   int32, shape (N, 1)
                                                   PREFIX-y-onehot.npy   float32 one-hot rows
      PREFIX.npz (np.savez) and PREFIX-deflated.npz (np.savez_compressed): x and y.
  arrays.py views PREFIX N SEED
      N samples of the views model: PREFIX-left.npy (N, 8, 8, 3), PREFIX-right.npy
      (N, 8, 8, 1), PREFIX-y.npy; class 0 has the left view bright, class 1 the right one,
      class 2 neither. PREFIX.npz holds left, right and y.
  arrays.py heads PREFIX N SEED
      N samples of the heads model: PREFIX-x.npy (N, 8, 8, 1) with one bright quadrant of
      three, PREFIX-label.npy its index, PREFIX-size.npy (N, 1) float32 its brightness.
      PREFIX.npz holds image, label and size.
"""
import sys

import numpy


def colours(prefix, count, rng):
    labels = rng.randint(0, 3, count)
    pixels = rng.randint(0, 128, (count, 16, 16, 3)).astype(numpy.uint8)
    for n, label in enumerate(labels):
        pixels[n, :, :, label] += 127
    x = (pixels / 255.0).astype(numpy.float32)
    numpy.save(prefix + '-x.npy', x)
    numpy.save(prefix + '-x-u8.npy', pixels)
    numpy.save(prefix + '-x-f32.npy', pixels.astype(numpy.float32))
    numpy.save(prefix + '-x-f64.npy', pixels.astype(numpy.float64))
    numpy.save(prefix + '-y.npy', labels.astype(numpy.int64))
    numpy.save(prefix + '-y-u8.npy', labels.astype(numpy.uint8))
    numpy.save(prefix + '-y-f32.npy', labels.astype(numpy.float32))
    numpy.save(prefix + '-y-column.npy', labels.astype(numpy.int32).reshape(count, 1))
    numpy.save(prefix + '-y-onehot.npy', numpy.eye(3, dtype=numpy.float32)[labels])
    numpy.savez(prefix + '.npz', x=x, y=labels)
    numpy.savez_compressed(prefix + '-deflated.npz', x=x, y=labels)


def views(prefix, count, rng):
    labels = rng.randint(0, 3, count)
    left = rng.uniform(0.0, 0.4, (count, 8, 8, 3)).astype(numpy.float32)
    right = rng.uniform(0.0, 0.4, (count, 8, 8, 1)).astype(numpy.float32)
    left[labels == 0] += 0.6
    right[labels == 1] += 0.6
    numpy.save(prefix + '-left.npy', left)
    numpy.save(prefix + '-right.npy', right)
    numpy.save(prefix + '-y.npy', labels)
    numpy.savez(prefix + '.npz', left=left, right=right, y=labels)


def heads(prefix, count, rng):
    labels = rng.randint(0, 3, count)
    sizes = rng.uniform(0.2, 1.0, (count, 1)).astype(numpy.float32)
    x = rng.uniform(0.0, 0.1, (count, 8, 8, 1)).astype(numpy.float32)
    for n, label in enumerate(labels):
        row, column = divmod(int(label), 2)
        x[n, 4 * row:4 * row + 4, 4 * column:4 * column + 4, 0] += sizes[n, 0]
    numpy.save(prefix + '-x.npy', x)
    numpy.save(prefix + '-label.npy', labels)
    numpy.save(prefix + '-size.npy', sizes)
    numpy.savez(prefix + '.npz', image=x, label=labels, size=sizes)


if __name__ == '__main__':
    kind, prefix, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    {'colours': colours, 'views': views, 'heads': heads}[kind](prefix, count, numpy.random.RandomState(seed))
