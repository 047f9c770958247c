#!/usr/bin/env python3
"""Runs an `mpirun ... cnn train --checkpoint CKPT` command, kills MPI rank RANK with SIGKILL once
CKPT exists (mid-training), and reports how many seconds the whole job took to end after it; fails
if the job ends before CKPT appears or outlives the kill by more than LIMIT seconds.

  kill_rank.py CKPT RANK LIMIT -- COMMAND...
"""
import os
import signal
import subprocess
import sys
import time


def rank_of(pid):
    """The MPI rank of a process, from Open MPI's environment variable, or None."""
    try:
        with open(f'/proc/{pid}/environ', 'rb') as file:
            for entry in file.read().split(b'\0'):
                if entry.startswith(b'OMPI_COMM_WORLD_RANK='):
                    return int(entry.split(b'=', 1)[1])
    except OSError:
        pass
    return None


def parent_of(pid):
    try:
        with open(f'/proc/{pid}/stat') as file:
            return int(file.read().rsplit(')', 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def descends_from(pid, ancestor):
    while pid > 1:
        if pid == ancestor:
            return True
        pid = parent_of(pid)
    return False


def find_rank(rank, job):
    """The process of `rank` among the job's descendants (other jobs may run beside it)."""
    for name in os.listdir('/proc'):
        if name.isdigit() and rank_of(name) == rank and descends_from(int(name), job):
            return int(name)
    return None


def main():
    checkpoint, rank, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    command = sys.argv[sys.argv.index('--') + 1:]
    if os.path.exists(checkpoint):
        os.remove(checkpoint)
    job = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    while not os.path.exists(checkpoint):
        if job.poll() is not None:
            sys.exit('the job ended before it wrote a checkpoint')
        time.sleep(0.05)
    victim = find_rank(rank, job.pid)
    if victim is None:
        job.kill()
        sys.exit(f'no process of rank {rank} was found')
    os.kill(victim, signal.SIGKILL)
    killed = time.monotonic()
    try:
        status = job.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        job.kill()
        sys.exit(f'the job still ran {limit:g} s after rank {rank} was killed')
    print(f'killed rank {rank}; the job ended {time.monotonic() - killed:.1f} s later '
          f'with status {status}')


main()
