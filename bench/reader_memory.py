#!/usr/bin/env python3
"""Peak memory of every reader of untrusted input on hostile files, next to a valid file's.

usage: bench/reader_memory.py [--build DIR] [--markdown OUT.md] [--mutations N]

Makes each hostile input (a file that announces far more than it holds, nests without end,
claims what its archive cannot inflate, or is endless as /dev/zero is), runs the cnnc or cnn
command that reads it, and prints a table: the input's size, the exit status (1 with a one-line
error; a signal or a hang would show here), the command's peak resident memory (ru_maxrss) and
the same command's on a small valid input, and the error. --mutations N adds N random byte
mutations of a small .h5 file (default 100) as one row: their exit statuses and largest peak.
Exits 1 when an input ended with neither 0 nor 1. Takes about 30 s.
"""
import argparse
import gzip
import io
import json
import os
import random
import selectors
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, 'tests', 'fuzz', 'corpus')
TIMEOUT_S = 120


def measure_one(command):
    """Runs `command`, reaping it through wait4, which gives its own peak: (exit status, negative
    for a signal; peak MiB; the first line of its error output)."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    selector = selectors.DefaultSelector()
    selector.register(child.stderr, selectors.EVENT_READ)
    chunks = []
    while True:
        if not selector.select(timeout=TIMEOUT_S):
            child.kill()
            chunks.append(b'(killed after %d s)' % TIMEOUT_S)
            break
        chunk = os.read(child.stderr.fileno(), 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    _, status, usage = os.wait4(child.pid, 0)
    lines = b''.join(chunks).decode('utf-8', 'replace').strip().splitlines()
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, lines[0] if lines else ''


class Spawner:
    """A process forked while this one is small, which starts every measured command: a child
    inherits its parent's resident memory as its peak, and this process grows while it writes
    the hostile files."""

    def __init__(self):
        requests, self.requests = os.pipe()
        self.answers, answers = os.pipe()
        if os.fork() == 0:
            os.close(self.requests)
            os.close(self.answers)
            with os.fdopen(requests) as incoming, os.fdopen(answers, 'w') as outgoing:
                for line in incoming:
                    outgoing.write(json.dumps(measure_one(json.loads(line))) + '\n')
                    outgoing.flush()
            os._exit(0)
        os.close(requests)
        os.close(answers)
        self.outgoing = os.fdopen(self.requests, 'w')
        self.incoming = os.fdopen(self.answers)

    def measure(self, command):
        self.outgoing.write(json.dumps(command) + '\n')
        self.outgoing.flush()
        return tuple(json.loads(self.incoming.readline()))


def zip_claiming(path, members, claimed_member, claimed):
    """A zip of `members`; when `claimed` is not 0, `claimed_member` says, in the central
    directory and in its local header, that it inflates to `claimed` bytes."""
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    if not claimed:
        return
    data = bytearray(open(path, 'rb').read())
    name = claimed_member.encode()
    local = data.find(b'PK\x03\x04')
    while data[local + 30:local + 30 + len(name)] != name:
        local = data.find(b'PK\x03\x04', local + 4)
    struct.pack_into('<I', data, local + 22, claimed)
    entry = data.find(b'PK\x01\x02')
    while data[entry + 46:entry + 46 + len(name)] != name:
        entry = data.find(b'PK\x01\x02', entry + 4)
    struct.pack_into('<I', data, entry + 24, claimed)
    open(path, 'wb').write(bytes(data))


def npy_header(shape, descr='<f4'):
    """A NumPy 1.0 header for `shape`, padded to 64 bytes as NumPy pads it."""
    text = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, ''.join('%d, ' % d for d in shape))
    text += ' ' * (63 - (10 + len(text)) % 64) + '\n'
    return b'\x93NUMPY\x01\x00' + struct.pack('<H', len(text)) + text.encode()


def png(width, height, rows, interlaced=0):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    header = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, interlaced)
    data = zlib.compress(b''.join(b'\0' + b'\x80' * (3 * width) for _ in range(rows)))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', data) +
            chunk(b'IEND', b''))


class Bench:
    def __init__(self, build, work, spawner):
        self.spawner = spawner
        self.cnnc = os.path.join(build, 'bin', 'cnnc')
        self.cnn = os.path.join(build, 'bin', 'cnn')
        self.write_images = os.path.join(build, 'tests', 'lit', 'write-images')
        self.work = work
        self.rows = []

    def path(self, name):
        return os.path.join(self.work, name)

    def write(self, name, data):
        with open(self.path(name), 'wb') as f:
            f.write(data)
        return self.path(name)

    def check(self, command):
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def row(self, reader, what, path, command, baseline):
        size = os.path.getsize(path) if os.path.isfile(path) else None
        if os.path.isdir(path):
            size = sum(os.path.getsize(os.path.join(folder, f))
                       for folder, _, files in os.walk(path) for f in files)
        code, peak, message = self.spawner.measure(command)
        message = message.replace(self.work + '/', '').replace(ROOT + '/', '')
        self.rows.append((reader, what, size, code, peak, baseline, message))
        print('  %-14s %-44s exit %3d  %7.1f MiB' % (reader, what, code, peak), file=sys.stderr)

    def baseline(self, command):
        code, peak, message = self.spawner.measure(command)
        if code != 0:
            sys.exit('reader_memory: the valid run %s failed: %s' % (' '.join(command), message))
        return peak


def model_language(bench):
    valid = os.path.join(ROOT, 'examples', 'fashion_cnn.cnn')
    emit = lambda path: [bench.cnnc, '--emit=mlir', path]
    base = bench.baseline(emit(valid))
    head = 'model m {\n    Input(shape=(4,))\n'
    cases = [
        ('/dev/zero', '/dev/zero'),
        ('applications nested 30,000 deep', bench.write('nested.cnn', (
            'model m {\n    x = Input(shape=(4,))\n    y = ' + 'ReLU()(\n' * 30000 + 'x' +
            ')' * 30000 + '\n}\n').encode())),
        ('a number of 50,000 digits', bench.write(
            'number.cnn', (head + '    Dense(' + '9' * 50000 + ')\n}\n').encode())),
        ('10,001 Dense layers', bench.write('layers.cnn',
                                            (head + '    Dense(1)\n' * 10001 + '}\n').encode())),
        ('a line of 10^7 characters', bench.write(
            'wide.cnn', (head + ' ' * 10**7 + 'Dense(1)\n}\n').encode())),
        ('17 MiB of comments', bench.write('big.cnn', (head + ('#' * 1023 + '\n') * 17408 +
                                                       '}\n').encode())),
    ]
    for what, path in cases:
        bench.row('model language', what, path, emit(path), base)


def keras(bench):
    tiny = os.path.join(SEEDS, 'keras_file', 'tiny.keras')
    emit = lambda path: [bench.cnnc, '--emit=cnn', path]
    base = bench.baseline(emit(tiny))
    source = zipfile.ZipFile(tiny)
    config = json.loads(source.read('config.json'))
    weights = source.read('model.weights.h5')

    def keras_file(name, config_text, claimed=0):
        path = bench.path(name)
        zip_claiming(path, {'config.json': config_text, 'model.weights.h5': weights},
                     'config.json', claimed)
        return path

    deep = json.dumps(config).replace('"units": 3', '"units": ' + '[' * 10**5 + '3' + ']' * 10**5)
    bench.row('.keras config', 'JSON nested 10^5 deep', keras_file('deep.keras', deep),
              emit(bench.path('deep.keras')), base)
    path = keras_file('claims.keras', json.dumps(config), claimed=4_026_531_840)
    bench.row('.keras archive', 'config.json claiming 4 GB', path, emit(path), base)
    config['config']['layers'][0]['config']['batch_shape'] = [None, 2**40, 2**40, 1]
    path = keras_file('wide.keras', json.dumps(config))
    bench.row('.keras config', 'input shape (2^40, 2^40, 1), compiled', path,
              [bench.cnnc, path, '-o', bench.path('wide.so')], base)


def hdf5(bench, mutations):
    tiny = os.path.join(SEEDS, 'keras_file', 'tiny.h5')
    emit = lambda path: [bench.cnnc, '--emit=cnn', path]
    base = bench.baseline(emit(tiny))
    data = open(tiny, 'rb').read()
    path = bench.write('half.h5', data[:len(data) // 2])
    bench.row('.h5', 'cut in half', path, emit(path), base)
    hang = os.path.join(ROOT, 'tests', 'fuzz', 'regressions', 'keras_file',
                        'vlen-conversion-hang.h5')
    bench.row('.h5', 'libhdf5 loops converting a string', hang, emit(hang), base)
    rng = random.Random(16)
    codes, peak, path = {}, 0.0, bench.path('mutated.h5')
    for _ in range(mutations):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        bench.write('mutated.h5', bytes(mutated))
        code, used, _ = bench.spawner.measure(emit(path))
        codes[code] = codes.get(code, 0) + 1
        peak = max(peak, used)
    summary = ', '.join('exit %d: %d' % item for item in sorted(codes.items()))
    bench.rows.append(('.h5', '%d files with 1-8 random bytes changed' % mutations, len(data),
                       max(codes, key=abs), peak, base, summary))


def arrays(bench):
    model = os.path.join(ROOT, 'tests', 'lit', 'owndata', 'Inputs', 'rgb.cnn')
    library, weights = bench.path('rgb.so'), bench.path('w.safetensors')
    bench.check([bench.cnnc, model, '-o', library])
    bench.check([bench.cnn, 'init', library, '-o', weights])
    x = bench.write('x.npy', npy_header((2, 16, 16, 3)) + b'\0' * (2 * 16 * 16 * 3 * 4))
    out = bench.path('out.npy')
    run = lambda weights_path, input_path: [bench.cnn, 'run', library, '--weights', weights_path,
                                            '--input', input_path, '--output', out]
    base = bench.baseline(run(weights, x))
    huge_header = json.dumps({'conv2d.kernel': {'dtype': 'F32', 'shape': [2**20, 2**20],
                                                'data_offsets': [0, 2**42]}}).encode()
    cases = [
        ('/dev/zero', '/dev/zero'),
        ('header length 2^62', bench.write('long.safetensors', struct.pack('<Q', 2**62) + b'{}')),
        ('a tensor of 2^40 floats declared', bench.write(
            'declared.safetensors', struct.pack('<Q', len(huge_header)) + huge_header)),
    ]
    for what, path in cases:
        bench.row('safetensors', what, path, run(path, x), base)
    cases = [
        ('/dev/zero', '/dev/zero'),
        ('shape (2^40, 16, 16, 3) in 128 bytes', bench.write(
            'declared.npy', npy_header((2**40, 16, 16, 3)))),
        ('shape (2^62, 2^62)', bench.write('overflow.npy', npy_header((2**62, 2**62)))),
    ]
    for what, path in cases:
        bench.row('.npy', what, path, run(weights, path), base)
    sample = io.BytesIO()
    sample.write(npy_header((2, 16, 16, 3)) + b'\0' * (2 * 16 * 16 * 3 * 4))
    labels = npy_header((2,), '<i8') + b'\0' * 16
    valid = bench.path('valid.npz')
    with zipfile.ZipFile(valid, 'w', zipfile.ZIP_DEFLATED) as archive:
        archive.writestr('x.npy', sample.getvalue())
        archive.writestr('y.npy', labels)
    evaluate = lambda path: [bench.cnn, 'evaluate', library, '--weights', weights, '--data', path]
    base = bench.baseline(evaluate(valid))
    path = bench.path('claims.npz')
    zip_claiming(path, {'x.npy': sample.getvalue(), 'y.npy': labels}, 'x.npy', 4_000_000_000)
    bench.row('.npz', 'x.npy claiming 4 GB', path, evaluate(path), base)


def idx(bench):
    model = bench.write('gray.cnn', b"model gray {\n    Input(shape=(28, 28, 1))\n    Flatten()\n"
                        b"    Dense(10, activation='softmax')\n    compile(optimizer='adam', "
                        b"loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n}\n")
    library, weights = bench.path('gray.so'), bench.path('gray.safetensors')
    bench.check([bench.cnnc, model, '-o', library])
    bench.check([bench.cnn, 'init', library, '-o', weights])

    def folder(name, images, count, gz=False):
        path = bench.path(name)
        os.makedirs(path, exist_ok=True)
        labels = struct.pack('>II', 0x801, count) + bytes(count)
        for split in ('train', 't10k'):
            files = {split + '-images-idx3-ubyte': images, split + '-labels-idx1-ubyte': labels}
            for file, data in files.items():
                with (gzip.open(os.path.join(path, file + '.gz'), 'wb') if gz else
                      open(os.path.join(path, file), 'wb')) as f:
                    f.write(data)
        return path

    header = lambda count: struct.pack('>IIII', 0x803, count, 28, 28)
    evaluate = lambda path: [bench.cnn, 'evaluate', library, '--weights', weights, '--data', path]
    base = bench.baseline(evaluate(folder('valid-idx', header(10) + bytes(7840), 10)))
    path = folder('claims-idx', header(5_000_000), 10)
    bench.row('IDX', 'images announcing 3.9 GB in 16 bytes', path, evaluate(path), base)
    path = folder('bomb-idx', header(60000) + bytes(256 << 20), 60000, gz=True)
    bench.row('IDX (gzip)', '256 MiB of zeros, header says 47 MB', path, evaluate(path), base)


def history(bench):
    columns = 'epoch,loss,accuracy,val_loss,val_accuracy,seconds\n'
    valid = bench.write('valid.csv', (columns + '1,0.5,0.8,0.6,0.7,1.0\n2,0.4,0.85,0.5,0.8,1.0\n')
                        .encode())
    plot = lambda path: [bench.cnn, 'plot-history', path, '-o', bench.path('h.png')]
    base = bench.baseline(plot(valid))
    rows = ''.join('%d,0.5,0.8,0.6,0.7,1.0\n' % (i + 1) for i in range(10**6))
    cases = [
        ('/dev/zero', '/dev/zero'),
        ('10^6 epochs', bench.write('long.csv', (columns + rows).encode())),
        ('one epoch numbered 1e17', bench.write('far.csv',
                                                (columns + '1e17,0.5,0.8,0.6,0.7,1\n').encode())),
    ]
    for what, path in cases:
        bench.row('history CSV', what, path, plot(path), base)


def images(bench):
    library, weights = bench.path('rgb.so'), bench.path('w.safetensors')
    good = bench.path('images')
    bench.check([bench.write_images, good, '2', '1'])
    evaluate = lambda path: [bench.cnn, 'evaluate', library, '--weights', weights, '--data', path]
    base = bench.baseline(evaluate(good))
    jpeg = open(os.path.join(good, 'red', '0001.jpg'), 'rb').read()
    frame = jpeg.find(b'\xff\xc0')
    sized = lambda w, h: jpeg[:frame + 5] + struct.pack('>HH', h, w) + jpeg[frame + 9:]
    cases = [
        ('PNG of 30000 x 30000 pixels, one row', png(30000, 30000, 1), '.png'),
        ('PNG of 8000 x 8000, one row', png(8000, 8000, 1), '.png'),
        ('interlaced PNG of 8000 x 8000, one row', png(8000, 8000, 1, interlaced=1), '.png'),
        ('JPEG saying 8000 x 8000, 22 x 12 of data', sized(8000, 8000), '.jpg'),
        ('JPEG saying 60000 x 60000', sized(60000, 60000), '.jpg'),
    ]
    for number, (what, data, suffix) in enumerate(cases):
        folder = bench.path('images-%d' % number)
        shutil.copytree(good, folder)
        bench.write(os.path.join(folder, 'red', 'big' + suffix), data)
        bench.row('image folder', what, folder, evaluate(folder), base)


def markdown(rows):
    lines = ['| reader | hostile input | file | exit | peak MiB | valid input\'s MiB | message |',
             '|---|---|---:|---:|---:|---:|---|']
    for reader, what, size, code, peak, base, message in rows:
        size_text = 'endless' if size is None else '{:,} B'.format(size)
        if len(message) > 110:
            message = message[:107] + '...'
        lines.append('| %s | %s | %s | %d | %.1f | %.1f | %s |' % (
            reader, what, size_text, code, peak, base, message.replace('|', '\\|')))
    return '\n'.join(lines) + '\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--build', default=os.path.join(ROOT, 'build'),
                        help='the build folder whose bin/cnnc and bin/cnn are measured (build/)')
    parser.add_argument('--markdown', help='also write the table to this file')
    parser.add_argument('--mutations', type=int, default=100,
                        help='how many damaged copies of a small .h5 file to read (100)')
    args = parser.parse_args()
    spawner = Spawner()
    work = tempfile.mkdtemp(prefix='reader-memory-')
    try:
        bench = Bench(args.build, work, spawner)
        for part in (model_language, keras, lambda b: hdf5(b, args.mutations), arrays, idx,
                     history, images):
            part(bench)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = markdown(bench.rows)
    print(table, end='')
    if args.markdown:
        with open(args.markdown, 'w') as f:
            f.write(table)
    crashed = [row for row in bench.rows if row[3] not in (0, 1)]
    if crashed:
        sys.exit('reader_memory: %d inputs ended with neither 0 nor 1' % len(crashed))


if __name__ == '__main__':
    main()
