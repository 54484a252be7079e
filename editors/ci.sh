#!/usr/bin/env bash
# Editor-side checks, runnable from a fresh clone: the TextMate grammar tests,
# then lint, build, unit tests and packaging of the VS Code extension.
# Needs Node.js 20.19 or newer and access to the npm registry for `npm ci`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "editors/ci.sh: node and npm are required (Node.js 20.19 or newer)" >&2
  exit 1
fi

step() {
  printf '\n==> %s\n' "$*"
}

step "grammar: install"
# Install scripts are skipped: nothing here needs them (esbuild finds its binary in its
# platform package), and skipping them keeps npm 10 and npm 11 behaving the same.
cd "$repo_root/grammar"
npm ci --no-audit --no-fund --ignore-scripts

step "grammar: tests"
npm test

step "editors/vscode: install"
cd "$repo_root/editors/vscode"
npm ci --no-audit --no-fund --ignore-scripts

step "editors/vscode: build"
npm run build

step "editors/vscode: lint"
npm run lint

step "editors/vscode: unit tests"
npm test

step "editors/vscode: package"
npm run package </dev/null
test -s corefile-lint.vsix

step "editor checks passed"
