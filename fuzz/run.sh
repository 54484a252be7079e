#!/usr/bin/env bash
# Usage: fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
# Runs one cargo-fuzz target for SECONDS, with a corpus seeded from ../shared/corpus (when
# present) and the repository's fixtures. Uses the nightly toolchain when rustup has one, else
# the stable compiler with RUSTC_BOOTSTRAP=1 (cargo-fuzz needs nightly-only sanitizer flags).
# Exits non-zero when the target finds a crash; the input is left in fuzz/artifacts/TARGET/.
# FUZZ_BUILD_FLAGS: extra `cargo fuzz run` build flags (CI's short runs use `--sanitizer none`,
# which builds faster; long runs should keep the AddressSanitizer default).
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 TARGET SECONDS [libFuzzer flags...]" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz_dir")
shared=$(dirname "$repo")/shared/corpus
cd "$fuzz_dir"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    cargo_fuzz=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    cargo_fuzz=(cargo fuzz)
fi

corpus=corpus/$target
mkdir -p "$corpus"
# Seed files are named by content hash, so reseeding adds nothing twice.
seed() {
    local file
    for file in "$@"; do
        [ -f "$file" ] || continue
        cp "$file" "$corpus/seed-$(sha1sum "$file" | cut -c1-16)"
    done
}
case "$target" in
    embed)
        seed $(find "$repo/crates/corefile-embed/tests" "$repo/examples" -type f \( -name '*.yaml' -o -name '*.yml' \))
        [ -d "$shared" ] && seed $(find "$shared/realworld" -type f \( -name '*.yaml' -o -name '*.yml' \))
        ;;
    *)
        seed $(find "$repo/crates" "$repo/examples" -path '*/tests/fixtures/*' -type f \
            \( -name 'Corefile*' -o -name '*.Corefile' -o -name '*.server' -o -name '*.override' -o -name '*.conf' \)) \
            $(find "$repo/examples" -type f -name 'Corefile*')
        if [ -d "$shared" ]; then
            seed $(find "$shared/realworld" -type f -name '*Corefile*')
            # Each CoreDNS test case's input text becomes one seed.
            python3 - "$shared" "$corpus" <<'PY'
import hashlib, json, pathlib, sys
shared, corpus = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for cases in [shared / "coredns/cases.jsonl", shared / "syntax/cases.jsonl"]:
    if not cases.exists():
        continue
    for line in cases.read_text().splitlines():
        text = json.loads(line).get("input")
        if isinstance(text, str) and text:
            data = text.encode()
            (corpus / f"case-{hashlib.sha1(data).hexdigest()[:16]}").write_bytes(data)
PY
        fi
        ;;
esac
echo "fuzzing $target for ${seconds}s from $(ls "$corpus" | wc -l) corpus files" >&2
# shellcheck disable=SC2086 # FUZZ_BUILD_FLAGS is a list of flags.
exec "${cargo_fuzz[@]}" run ${FUZZ_BUILD_FLAGS:-} "$target" "$corpus" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 "$@"
