#!/usr/bin/env python3
"""Checks that the cells of cnn kernels' and cnn features' PNGs show the model's numbers.

  check_grid.py kernels PNG WEIGHTS.safetensors LAYER CHANNEL
      every kernel value's square is viridis((w + 0.5) / 1), w read from the weights file
  check_grid.py features PNG MAPS.npy
      in every map that is not constant, the square of its largest value is viridis' yellow and
      the square of its smallest value viridis' dark purple

The grid's geometry is ImageGrid.h's GridLayout: margin 16, title 40, image titles 16, gap 8.
"""
import json
import struct
import subprocess
import sys

MARGIN, TITLE, LABEL, GAP = 16, 40, 16, 8
# Matplotlib's viridis at 0, 1/8, ..., 1, as tools/cnn/Canvas.cpp draws it.
STOPS = [(0.267, 0.005, 0.329), (0.279, 0.175, 0.483), (0.230, 0.322, 0.546),
         (0.173, 0.449, 0.558), (0.128, 0.567, 0.551), (0.153, 0.680, 0.504),
         (0.369, 0.788, 0.383), (0.678, 0.864, 0.190), (0.993, 0.906, 0.144)]


def viridis(t):
    at = min(max(t, 0.0), 1.0) * 8
    i = min(int(at), 7)
    f = at - i
    return [255 * (a + f * (b - a)) for a, b in zip(STOPS[i], STOPS[i + 1])]


def pixel(png, x, y):
    out = subprocess.run(['png-probe', png, str(x), str(y)], check=True, capture_output=True,
                         text=True).stdout
    return [int(v) for v in out.split()]


def check_square(png, columns, scale, rows, cols, image, r, c, expected, what):
    x = MARGIN + (image % columns) * (cols * scale + GAP) + c * scale + scale // 2
    y = TITLE + (image // columns) * (LABEL + rows * scale + GAP) + LABEL + r * scale + scale // 2
    got = pixel(png, x, y)
    if any(abs(g - e) > 8 for g, e in zip(got, expected)):
        sys.exit('%s: image %d (%d, %d) at pixel (%d, %d) is %s, expected %s' %
                 (what, image, r, c, x, y, got, [round(e) for e in expected]))


def read_safetensors(path, name):
    with open(path, 'rb') as f:
        size = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    entry = header[name]
    begin, end = entry['data_offsets']
    return entry['shape'], struct.unpack('<%df' % ((end - begin) // 4), data[begin:end])


def read_npy(path):
    with open(path, 'rb') as f:
        data = f.read()
    size = struct.unpack('<H', data[8:10])[0]
    header = eval(data[10:10 + size].decode())
    values = struct.unpack('<%df' % ((len(data) - 10 - size) // 4), data[10 + size:])
    return header['shape'], values


def kernels(png, weights, layer, channel):
    (kh, kw, channels, filters), w = read_safetensors(weights, layer + '.kernel')
    columns = (filters + 1) // 2 if filters <= 32 else 16
    scale = max(1, 48 // max(kh, kw))
    for f in range(filters):
        for r in range(kh):
            for c in range(kw):
                value = w[((r * kw + c) * channels + channel) * filters + f]
                check_square(png, columns, scale, kh, kw, f, r, c, viridis(value + 0.5), 'kernel')
    print('kernels: %d x %dx%d values match' % (filters, kh, kw))


def features(png, maps):
    (_, h, w, channels), values = read_npy(maps)
    columns = min(8, channels)
    scale = max(1, 112 // max(h, w))
    checked = 0
    for ch in range(channels):
        m = [values[p * channels + ch] for p in range(h * w)]
        if max(m) == min(m):
            continue
        for p, colour in [(m.index(max(m)), viridis(1)), (m.index(min(m)), viridis(0))]:
            check_square(png, columns, scale, h, w, ch, p // w, p % w, colour, 'feature map')
        checked += 1
    print('features: %d of %d maps match' % (checked, channels))


if __name__ == '__main__':
    if sys.argv[1] == 'kernels':
        kernels(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        features(sys.argv[2], sys.argv[3])
