#!/usr/bin/env python3
"""Runs a `cnn train --checkpoint CKPT` command and kills it with SIGKILL while it writes a
checkpoint over an earlier one: as soon as CKPT exists and CKPT.tmp-<pid> (the file being written
before the rename) appears. Retries when the training ends before a write was caught; fails when
none ever is.

  kill_during_checkpoint.py CKPT ATTEMPTS -- COMMAND...
"""
import os
import signal
import subprocess
import sys


def attempt(checkpoint, command):
    """True when the trainer was killed during a checkpoint write."""
    if os.path.exists(checkpoint):
        os.remove(checkpoint)
    trainer = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    temporary = '%s.tmp-%d' % (checkpoint, trainer.pid)
    while trainer.poll() is None:
        if os.path.exists(checkpoint) and os.path.exists(temporary):
            os.kill(trainer.pid, signal.SIGKILL)
            trainer.wait()
            return True
    return False


def main():
    checkpoint, attempts = sys.argv[1], int(sys.argv[2])
    command = sys.argv[sys.argv.index('--') + 1:]
    for n in range(1, attempts + 1):
        if attempt(checkpoint, command):
            print('killed the trainer while it wrote a checkpoint, attempt %d' % n)
            return 0
    print('no checkpoint write was caught in %d attempts' % attempts, file=sys.stderr)
    return 1


if __name__ == '__main__':
    sys.exit(main())
