"""Runs a command whose outputs go to a nearly full disk, and checks that its old files survive.

Usage (inside `unshare -rm`, which gives the process a mount namespace of its own):
    on_full_disk.py DIR FREE FILE... -- COMMAND...
mounts a small tmpfs on DIR, copies each FILE into it, fills it until FREE bytes are left (FREE is
a number, or room-for=PATH: the whole blocks PATH's contents need), runs
COMMAND in DIR and prints its exit status, then for each copied file whether it is unchanged, and
what else DIR holds (a temporary file left behind would be listed).
"""
import filecmp
import os
import shutil
import subprocess
import sys


def fill(directory, free_bytes):
    """Writes a filler file until at most `free_bytes` are free on `directory`'s file system."""
    with open(os.path.join(directory, 'filler'), 'wb') as filler:
        while True:
            stat = os.statvfs(directory)
            free = stat.f_bavail * stat.f_frsize
            if free <= free_bytes:
                return
            try:
                filler.write(b'\0' * min(free - free_bytes, 1 << 16))
                filler.flush()
            except OSError:
                return


def main():
    split = sys.argv.index('--')
    directory, free, files = sys.argv[1], sys.argv[2], sys.argv[3:split]
    command = sys.argv[split + 1:]
    subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=8m', 'cnnc-full-disk', directory],
                   check=True)
    if free.startswith('room-for='):
        block = os.statvfs(directory).f_frsize
        free_bytes = -(-os.path.getsize(free[len('room-for='):]) // block) * block
    else:
        free_bytes = int(free)
    for file in files:
        shutil.copy(file, directory)
    fill(directory, free_bytes)
    status = subprocess.run(command, cwd=directory).returncode
    print(f'exit status {status}')
    for file in files:
        same = filecmp.cmp(file, os.path.join(directory, os.path.basename(file)), shallow=False)
        print(f'{os.path.basename(file)}: {"unchanged" if same else "CHANGED"}')
    left = sorted(set(os.listdir(directory)) - {'filler'} - {os.path.basename(f) for f in files})
    print('other files:', ' '.join(left) if left else 'none')


if __name__ == '__main__':
    main()
