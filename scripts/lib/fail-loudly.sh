# Sourced first by every script: strict mode, and a command that fails is named in one line.
# shellcheck shell=bash
set -Eeuo pipefail
shopt -s inherit_errexit

report_failure() { # exit status, line, command
  # Only the script's own shell reports: a failure inside a subshell or $(...) is reported once,
  # as the command of the script that holds it.
  [ "$BASH_SUBSHELL" -eq 0 ] || return 0
  echo "$(basename "$0"): line $2: '$3' failed with exit code $1" >&2
}
trap 'report_failure $? $LINENO "$BASH_COMMAND"' ERR
