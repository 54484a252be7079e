#!/usr/bin/env bash
# Headless Neovim as an LSP client of `corefile-lint lsp`. Installs Debian's `neovim` package with
# apt-get when `nvim` is missing, builds the binary unless COREFILE_LINT_BIN names one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
if ! command -v nvim >/dev/null; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -q
    $sudo_cmd apt-get install -y -q neovim
fi
if [ -z "${COREFILE_LINT_BIN:-}" ]; then
    (cd "$repo" && cargo build --quiet)
    export COREFILE_LINT_BIN="$target/debug/corefile-lint"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '# ünïcode 😀 comment\n. {\n    whoami "ü😀" }\n}\n' >"$work/Corefile"
export COREFILE_NVIM_FILE="$work/Corefile"
# `-u NONE` keeps the user's configuration out; `-l` is 0.9+, so the script is sourced instead.
exec nvim --headless -u NONE -i NONE -n -c "luafile $here/check_diagnostics.lua"
