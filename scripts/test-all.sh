#!/usr/bin/env bash
# Runs every test of the repository: Rust unit, snapshot, property and conformance tests, then
# the conformance measurement of the built binary, exactly as the held-out checks run it.
# Parts that need ../shared print that they were skipped when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace --all-targets
cargo build --release

# Hostile inputs (tests/adversarial.rs) against the release binary, including the heavy cases
# (100 MB, a million blocks) that the plain test run lists as ignored.
COREFILE_LINT_BIN="$PWD/target/release/corefile-lint" cargo test --test adversarial -- --include-ignored

# Short fuzz runs of every target (FUZZ_SECONDS each, default 20); fuzz/README.md for long runs.
for fuzz_target in $(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | tail -n +2); do
    fuzz/run.sh "$fuzz_target" "${FUZZ_SECONDS:-20}"
done

if [ -d ../shared/corpus ]; then
    python3 ../shared/tools/conformance.py --bin target/release/corefile-lint syntax coredns realworld fmt
else
    echo "SKIPPED conformance.py: ../shared is not present"
fi

# SARIF output against the official schema (needs the Python jsonschema package, in a venv).
if [ -f ../shared/schemas/sarif-schema-2.1.0.json ]; then
    [ -x target/venv/bin/python ] || python3 -m venv target/venv
    target/venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-ci.txt
    target/venv/bin/python scripts/validate_sarif.py target/release/corefile-lint ../shared/schemas/sarif-schema-2.1.0.json examples/broken tests/fixtures/check/mixed
else
    echo "SKIPPED SARIF schema validation: ../shared/schemas is not present"
fi

# The editor side: TextMate grammar tests, the VS Code extension's build, tests and .vsix.
bash editors/ci.sh

# The pre-commit hooks, driven by the real pre-commit tool in a scratch repository (tests HEAD).
bash scripts/test-precommit.sh

# The language server driven by clients nobody here wrote: pytest-lsp, and headless Neovim.
export COREFILE_LINT_BIN="$PWD/target/release/corefile-lint"
bash crates/corefile-lsp/tests/e2e/run.sh
bash crates/corefile-lsp/tests/nvim/run.sh
