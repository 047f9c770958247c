"""Writes images that announce more pixels than they hold into copies of an image folder.

Usage: oversized_images.py GOOD OUT   (GOOD: a folder of write-images, whose red/0001.jpg is used)
OUT/wide-png: a PNG header of 30000 x 30000 pixels; OUT/empty-png: 8000 x 8000 with one row of
data; OUT/empty-jpeg: a JPEG whose frame header says 8000 x 8000, its data that of 22 x 12 pixels;
OUT/wide-jpeg: the same saying 60000 x 60000. Each replaces red/0000.png in a copy of GOOD.
"""
import os
import shutil
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))


def png(width, height, rows):
    header = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, not interlaced
    data = zlib.compress(b''.join(b'\0' + b'\x80' * (3 * width) for _ in range(rows)))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', data) +
            chunk(b'IEND', b''))


def jpeg_sized(jpeg, width, height):
    start = jpeg.find(b'\xff\xc0')  # the baseline frame header: length, precision, height, width
    return jpeg[:start + 5] + struct.pack('>HH', height, width) + jpeg[start + 9:]


good, out = sys.argv[1], sys.argv[2]
with open(os.path.join(good, 'red', '0001.jpg'), 'rb') as source:
    jpeg = source.read()
images = {'wide-png': png(30000, 30000, 1), 'empty-png': png(8000, 8000, 1),
          'empty-jpeg': jpeg_sized(jpeg, 8000, 8000), 'wide-jpeg': jpeg_sized(jpeg, 60000, 60000)}
for name, image in images.items():
    folder = os.path.join(out, name)
    shutil.copytree(good, folder)
    os.remove(os.path.join(folder, 'red', '0000.png'))
    suffix = '.png' if name.endswith('png') else '.jpg'
    with open(os.path.join(folder, 'red', 'big' + suffix), 'wb') as target:
        target.write(image)
