#!/usr/bin/env python3
"""bad_arrays.py FOLDER: the arrays array_errors.test refuses, for 100 samples of the rgb model
(16x16x3, three classes), written with NumPy into FOLDER."""
import io
import os
import struct
import sys
import zipfile

import numpy


def save(name, array):
    numpy.save(os.path.join(folder, name), array)


folder = sys.argv[1]
x = numpy.zeros((100, 16, 16, 3), numpy.float32)
labels = numpy.arange(100) % 3
save('x28.npy', numpy.zeros((100, 28, 28, 1), numpy.float32))
save('x0.npy', numpy.zeros((0, 16, 16, 3), numpy.float32))
save('y90.npy', labels[:90])
y7 = labels.astype(numpy.int8)
y7[12] = 7
save('y7.npy', y7)
negative = labels.copy()
negative[3] = -1
save('negative.npy', negative)
half = labels.astype(numpy.float64)
half[4] = 1.5
save('half.npy', half)
one_hot = numpy.eye(3, dtype=numpy.float32)[labels]
not_one_hot = one_hot.copy()
not_one_hot[12] = [0.5, 0.5, 0.0]
save('not-one-hot.npy', not_one_hot)
two_hot = one_hot.copy()
two_hot[5] = [1, 1, 0]
save('two-hot.npy', two_hot)
save('five-classes.npy', numpy.eye(5, dtype=numpy.float32)[labels])
save('cube.npy', one_hot.reshape(100, 3, 1))
save('names.npy', numpy.array(['cat', 'dog'] * 50))
save('big-endian.npy', x.astype('>f4'))
save('fortran.npy', numpy.asfortranarray(x))
with open(os.path.join(folder, 'not-a-zip.npz'), 'w') as f:
    f.write('not a zip archive')
numpy.savez(os.path.join(folder, 'no-x.npz'), images=x, y=labels)
numpy.savez(os.path.join(folder, 'no-y.npz'), x=x)
numpy.savez(os.path.join(folder, 'bad-label.npz'), x=x, y=y7)
numpy.savez(os.path.join(folder, 'wrong-shape.npz'), x=numpy.zeros((100, 28, 28, 1)), y=labels)


def claiming_npz(path, claimed):
    """An .npz whose x.npy says, in the archive's directory, that it inflates to `claimed` bytes
    (once 4 GB were allocated before libzip found the member short)."""
    array = io.BytesIO()
    numpy.save(array, x)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as archive:
        archive.writestr('x.npy', array.getvalue())
        archive.writestr('y.npy', b'')
    data = bytearray(open(path, 'rb').read())
    entry = data.find(b'PK\x01\x02')  # x.npy's central directory entry
    struct.pack_into('<I', data, entry + 24, claimed)
    open(path, 'wb').write(bytes(data))


claiming_npz(os.path.join(folder, 'claims-4gb.npz'), 4_000_000_000)
