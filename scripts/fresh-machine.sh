#!/usr/bin/env bash
# Runs the README's commands as a new machine would: as root in a fresh Debian 12 root.
#
# usage: scripts/fresh-machine.sh [--demo] [--keep]
#   --demo   after the README's test command, run its main command (the demo) too
#   --keep   leave the root for inspection (chroot ROOT bash); otherwise it is removed
#   -h       this help
# It makes the root with mmdebstrap (installed when missing), puts the committed tree
# (git archive HEAD) in /root/cnnc there with ../shared beside it as /root/shared, mounts /proc,
# /dev and /sys (always unmounted again, on Ctrl-C too), and runs the commands of the README's
# first section exactly as written. Each step's time is printed, each command's output is kept in a
# log beside the root, and the last line says whether the README's commands passed. Run as root;
# the root and its logs go to a new folder under $TMPDIR (default /var/tmp).

# shellcheck source-path=SCRIPTDIR source=lib/fail-loudly.sh
source "$(dirname "$0")/lib/fail-loudly.sh"
repo=$(cd "$(dirname "$0")/.." && pwd)
checkout=/root/cnnc

run_demo=0
keep=0
for argument in "$@"; do
  case "$argument" in
  --demo) run_demo=1 ;;
  --keep) keep=1 ;;
  -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "fresh-machine: unknown argument '$argument' (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "fresh-machine: $*"; }
fail() { echo "fresh-machine: $*" >&2; exit 1; }
minutes() { printf '%d min %02d s' $(($1 / 60)) $(($1 % 60)); }

[ "$(id -u)" -eq 0 ] || fail "needs root (mmdebstrap, mount and chroot): run it as root"

git -C "$repo" rev-parse --verify --quiet HEAD >/dev/null ||
  fail "$repo is no git checkout with a commit, and the fresh root gets the last commit"

# The committed README's first sh block: the main command, then the test command, comments
# stripped.
mapfile -t readme_commands < <(git -C "$repo" show HEAD:README.md |
  awk '/^```sh$/ { inside = 1; next }
  inside && /^```/ { exit }
  inside { sub(/[[:space:]]*#.*/, ""); if (length($0)) print }')
[ ${#readme_commands[@]} -eq 2 ] ||
  fail "README.md's first sh block holds ${#readme_commands[@]} commands, not two (main, tests)"
main_command=${readme_commands[0]}
test_command=${readme_commands[1]}

if ! command -v mmdebstrap >/dev/null; then
  say "installing mmdebstrap"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap; } ||
    fail "could not install mmdebstrap with apt-get (its messages are above)"
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/cnnc-fresh-machine.XXXXXX")
root=$work/root
mounted=()

# Ends what still runs inside the root, unmounts, and removes the root unless it is kept.
clean_up() {
  local process i mount_point
  for process in /proc/[0-9]*; do
    [ "$(readlink "$process/root" 2>/dev/null)" != "$root" ] ||
      kill -KILL "${process#/proc/}" 2>/dev/null || true
  done
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    mount_point=${mounted[i]}
    umount -R "$mount_point" 2>/dev/null || umount -R -l "$mount_point" ||
      echo "fresh-machine: could not unmount $mount_point" >&2
  done
  if [ $keep = 1 ]; then
    say "the root is kept: $root (look inside with: chroot $root bash)"
  elif grep -q " $root/" /proc/mounts; then
    echo "fresh-machine: something is still mounted under $root, so it is not removed" >&2
  else
    rm -rf --one-file-system "$root"
    say "removed the root; the logs stay in $work"
  fi
}
trap clean_up EXIT
trap 'echo "fresh-machine: interrupted; cleaning up $root" >&2; exit 130' INT
trap 'echo "fresh-machine: terminated; cleaning up $root" >&2; exit 143' TERM

started=$SECONDS
say "making a fresh Debian 12 root in $root (log: $work/mmdebstrap.log)"
mmdebstrap --variant=minbase bookworm "$root" >"$work/mmdebstrap.log" 2>&1 ||
  fail "mmdebstrap could not make the root; its log: $work/mmdebstrap.log"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
say "made the root in $(minutes $((SECONDS - started)))"

started=$SECONDS
mkdir -p "$root$checkout"
git -C "$repo" archive HEAD | tar -x -C "$root$checkout"
if [ -d "$repo/../shared" ]; then
  cp -r "$repo/../shared" "$root$checkout/../shared"
else
  say "no ../shared beside the checkout: the tests that need the book's models skip"
fi
commit=$(git -C "$repo" rev-parse --short HEAD)
say "copied $commit into $checkout in $(minutes $((SECONDS - started)))"
[ -z "$(git -C "$repo" status --porcelain)" ] ||
  say "note: the checkout has uncommitted changes; the root holds the last commit only"

mount -t proc proc "$root/proc"
mounted+=("$root/proc")
mount --rbind /dev "$root/dev"
mounted+=("$root/dev")
mount --make-rslave "$root/dev" # unmounting it later must not unmount the host's /dev/pts
mount -t sysfs sysfs "$root/sys"
mounted+=("$root/sys")

# Runs one README command in the root as root, in a login's clean environment; logs its output.
run_in_root() { # command, log
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "cd $checkout && $1" 2>&1 | tee "$2"
}

results=()
failed=()
run_readme_command() { # which (test, main), command
  local log=$work/$1.log started=$SECONDS
  say "running the README's $1 command: $2 (log: $log)"
  # In the background, so that Ctrl-C reaches the trap at once.
  run_in_root "$2" "$log" &
  if wait $!; then
    results+=("$1 command passed in $(minutes $((SECONDS - started)))")
  else
    results+=("$1 command FAILED after $(minutes $((SECONDS - started))), its log: $log")
    failed+=("$1")
  fi
  say "${results[-1]}"
}
run_readme_command test "$test_command"
[ $run_demo = 0 ] || run_readme_command main "$main_command"

trap - EXIT
clean_up
summary=$(printf '%s; ' "${results[@]}")
if [ ${#failed[@]} -eq 0 ]; then
  say "PASSED: the README's commands work on a fresh Debian 12 machine: ${summary%; }"
else
  echo "fresh-machine: FAILED on a fresh Debian 12 machine: ${summary%; }" >&2
  exit 1
fi
