#!/usr/bin/python3
"""The PyTorch peer's side of bench/evaluate.sh: Keras's evaluate() of a Keras file on the 10,000
Fashion-MNIST test images, timed the same way as `cnn evaluate` (data and weights loaded first).

  torch_evaluate.py PEERS_DIR MODEL.keras|MODEL.h5 --threads N [--batch-size 32]
prints one JSON line: loss, accuracy, seconds, images_per_second.
"""
import argparse
import io
import json
import sys
import time
import zipfile

import h5py
import numpy as np
import torch
import torch.nn.functional as F


def keras_weights(path):
    """The kernels and biases of conv2d, conv2d_1, dense, dense_1 in Keras layout."""
    if path.endswith('.keras'):
        f = h5py.File(io.BytesIO(zipfile.ZipFile(path).read('model.weights.h5')), 'r')
        get = lambda layer, i: np.array(f['layers/%s/vars/%d' % (layer, i)])
    else:
        f = h5py.File(path, 'r')
        get = lambda layer, i: np.array(
            f['model_weights/%s/%s/%s' % (layer, layer, 'kernel:0' if i == 0 else 'bias:0')])
    return {l: (torch.from_numpy(get(l, 0)), torch.from_numpy(get(l, 1)))
            for l in ['conv2d', 'conv2d_1', 'dense', 'dense_1']}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('peers')
    parser.add_argument('model')
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--batch-size', type=int, default=32)
    args = parser.parse_args()
    sys.path.insert(0, args.peers)
    import fmnist
    torch.set_num_threads(args.threads)

    w = keras_weights(args.model)
    conv = {l: (w[l][0].permute(3, 2, 0, 1).contiguous(), w[l][1]) for l in ['conv2d', 'conv2d_1']}
    _, _, _, _, images, labels = fmnist.load()
    x, y = torch.from_numpy(images).unsqueeze(1), torch.from_numpy(labels)

    def forward(t):
        for layer in ['conv2d', 'conv2d_1']:
            t = F.max_pool2d(F.relu(F.conv2d(t, conv[layer][0], conv[layer][1], padding=1)), 2)
        t = t.permute(0, 2, 3, 1).reshape(len(t), -1)  # Keras flattens (H, W, C)
        return F.relu(t @ w['dense'][0] + w['dense'][1]) @ w['dense_1'][0] + w['dense_1'][1]

    with torch.no_grad():
        forward(x[:args.batch_size])  # warm-up
        start = time.perf_counter()
        loss = correct = 0.0
        for b in range(0, len(x), args.batch_size):
            logits = forward(x[b:b + args.batch_size])
            target = y[b:b + args.batch_size]
            # Keras computes the cross-entropy of a softmax output from the softmax's logits.
            loss += F.cross_entropy(logits, target, reduction='sum').item()
            correct += (logits.argmax(1) == target).sum().item()
        seconds = time.perf_counter() - start
    print(json.dumps(dict(peer='pytorch', threads=args.threads, batch_size=args.batch_size,
                          loss=round(loss / len(x), 4), accuracy=round(correct / len(x), 4),
                          seconds=round(seconds, 3),
                          images_per_second=round(len(x) / seconds))))


if __name__ == '__main__':
    main()
