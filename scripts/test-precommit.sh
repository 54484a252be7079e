#!/usr/bin/env bash
# Drives the real `pre-commit` tool (from PyPI) against this repository's hooks in a scratch git
# repository: a broken Corefile must block the commit, an unformatted ConfigMap must be formatted
# in place (and then commit cleanly).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$repo" rev-parse HEAD)"
if [ -n "$(git -C "$repo" status --porcelain -- .pre-commit-hooks.yaml Cargo.toml src crates)" ]; then
    echo "test-precommit: uncommitted changes to the hooks or sources are not what pre-commit would install; testing HEAD ($rev)" >&2
fi
venv="$repo/target/venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$repo/scripts/requirements-ci.txt"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
# Reuse this checkout's release build instead of compiling everything again.
export CARGO_TARGET_DIR="$repo/target"
cd "$work"
git init -q scratch && cd scratch
git config user.email ci@example.invalid && git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: corefile-lint
      - id: corefile-fmt
YAML
"$venv/bin/pre-commit" install >/dev/null
git add .pre-commit-config.yaml && git commit -qm "config" --no-verify

# 1. A Corefile CoreDNS refuses blocks the commit.
printf '. {\n    forwrd . 1.1.1.1\n}\n' > Corefile
git add Corefile
if git commit -qm "bad corefile" >"$work/out1" 2>&1; then
    cat "$work/out1"; echo "FAIL: a broken Corefile was committed"; exit 1
fi
grep -q "SYN001" "$work/out1" || { cat "$work/out1"; echo "FAIL: the hook did not report SYN001"; exit 1; }
echo "ok: a broken Corefile blocks the commit"
git rm -q --cached Corefile && rm Corefile

# 2. An unformatted ConfigMap is fixed in place; the next commit goes through.
cat > coredns.yaml <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
data:
  Corefile: |
    .:53 {
      errors
        cache 30
      forward . 1.1.1.1
    }
YAML
cp coredns.yaml "$work/before.yaml"
git add coredns.yaml
if git commit -qm "unformatted configmap" >"$work/out2" 2>&1; then
    cat "$work/out2"; echo "FAIL: the unformatted ConfigMap was committed unchanged"; exit 1
fi
if cmp -s coredns.yaml "$work/before.yaml"; then
    cat "$work/out2"; echo "FAIL: corefile-fmt did not rewrite the ConfigMap"; exit 1
fi
grep -q "^        errors$" coredns.yaml || { cat coredns.yaml; echo "FAIL: not formatted with 4 spaces"; exit 1; }
head -5 coredns.yaml | cmp -s - <(head -5 "$work/before.yaml") || { echo "FAIL: bytes outside the Corefile changed"; exit 1; }
git add coredns.yaml
git commit -qm "formatted configmap" || { echo "FAIL: the formatted ConfigMap does not commit"; exit 1; }
echo "ok: an unformatted ConfigMap is formatted in place and then commits"
echo "pre-commit: 2 passed, 0 failed"
