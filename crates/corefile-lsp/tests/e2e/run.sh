#!/usr/bin/env bash
# End-to-end tests of `corefile-lint lsp` with pytest-lsp (a client this project did not write).
# Creates a virtualenv beside the target directory, installs the pinned requirements, builds the
# binary unless COREFILE_LINT_BIN names one, and runs pytest. Extra arguments go to pytest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
venv="$target/e2e-venv"
if [ ! -x "$venv/bin/pytest" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r "$here/requirements.txt"
fi
if [ -z "${COREFILE_LINT_BIN:-}" ]; then
    (cd "$repo" && cargo build --quiet)
    export COREFILE_LINT_BIN="$target/debug/corefile-lint"
fi
cd "$here"
exec "$venv/bin/pytest" -q "$@"
