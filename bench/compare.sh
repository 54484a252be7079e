#!/usr/bin/env bash
# Whole-process comparison of `corefile-lint check` and `corefile-lint fmt -` with `caddy fmt`
# (the closest peer: the same Caddyfile grammar) on the same generated Corefiles, in one run.
# Prints wall-time ratios (caddy / ours: above 1 means we are faster), peak RSS of each, the
# scaling from 1 MB to 10 MB (and 100 MB), and the cold start of `check` on a typical Corefile.
#
# Usage: bench/compare.sh            # 1 and 10 MB
#        BENCH_100MB=1 bench/compare.sh
# Needs caddy and hyperfine (Debian: apt-get install -y caddy hyperfine), python3.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
target=${CARGO_TARGET_DIR:-$repo/target}
runs=${BENCH_RUNS:-10}

for tool in caddy hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is not installed (apt-get install -y caddy hyperfine)" >&2; exit 2; }
done

cargo build --release -p corefile-cli -p corefile-syntax --example generate_corefile >&2
bin=$target/release/corefile-lint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sizes=(1 10)
[ -n "${BENCH_100MB:-}" ] && sizes+=(100)
for mb in "${sizes[@]}"; do
    "$target/release/examples/generate_corefile" $((mb * 1000 * 1000)) > "$work/$mb.Corefile"
done
typical=$repo/examples/ok/Corefile

has_fmt=0
if "$bin" fmt --help >/dev/null 2>&1; then has_fmt=1; fi

# Peak RSS in KiB of one run of a command (stdin from a file when the first argument is `<FILE`).
peak_rss() {
    python3 - "$@" <<'PY'
import os, subprocess, sys
args = sys.argv[1:]
stdin = subprocess.DEVNULL
if args[0].startswith("<"):
    stdin = open(args.pop(0)[1:], "rb")
child = subprocess.Popen(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, _, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss)
PY
}

# Mean wall seconds of a shell command line, via hyperfine.
mean_seconds() {
    local json=$work/hyperfine.json
    hyperfine --style none --warmup 1 --runs "$runs" -i --export-json "$json" "$1" >/dev/null 2>&1
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$json"
}

ratio() { python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.2f}")' "$1" "$2"; }
ms() { python3 -c 'import sys; print(f"{float(sys.argv[1]) * 1000:.1f}")' "$1"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "caddy $(caddy version | cut -d' ' -f1), hyperfine runs per command: $runs"
echo
printf '%-6s %-22s %10s %12s %14s %12s\n' size command mean_ms peak_rss_MiB caddy/ours_time ours/caddy_rss
declare -A mean
for mb in "${sizes[@]}"; do
    file=$work/$mb.Corefile
    mean[caddy,$mb]=$(mean_seconds "caddy fmt $file > /dev/null")
    caddy_rss=$(peak_rss caddy fmt "$file")
    mean[check,$mb]=$(mean_seconds "$bin check $file > /dev/null 2>&1")
    check_rss=$(peak_rss "$bin" check "$file")
    printf '%-6s %-22s %10s %12s %14s %12s\n' "${mb}MB" "caddy fmt" "$(ms "${mean[caddy,$mb]}")" $((caddy_rss / 1024)) "" ""
    printf '%-6s %-22s %10s %12s %14s %12s\n' "${mb}MB" "corefile-lint check" "$(ms "${mean[check,$mb]}")" $((check_rss / 1024)) \
        "$(ratio "${mean[caddy,$mb]}" "${mean[check,$mb]}")" "$(ratio "$check_rss" "$caddy_rss")"
    if [ $has_fmt = 1 ]; then
        mean[fmt,$mb]=$(mean_seconds "$bin fmt - < $file > /dev/null")
        fmt_rss=$(peak_rss "<$file" "$bin" fmt -)
        printf '%-6s %-22s %10s %12s %14s %12s\n' "${mb}MB" "corefile-lint fmt -" "$(ms "${mean[fmt,$mb]}")" $((fmt_rss / 1024)) \
            "$(ratio "${mean[caddy,$mb]}" "${mean[fmt,$mb]}")" "$(ratio "$fmt_rss" "$caddy_rss")"
    fi
done
[ $has_fmt = 1 ] || echo "SKIPPED corefile-lint fmt: this build has no fmt subcommand"

echo
commands=(caddy check)
[ $has_fmt = 1 ] && commands+=(fmt)
for ((i = 1; i < ${#sizes[@]}; i++)); do
    small=${sizes[i - 1]} large=${sizes[i]}
    for c in "${commands[@]}"; do
        echo "scaling ${small}MB -> ${large}MB, $c: time x$(ratio "${mean[$c,$large]}" "${mean[$c,$small]}") for x$((large / small)) input"
    done
done

echo
cold_check=$(mean_seconds "$bin check $typical > /dev/null 2>&1")
cold_caddy=$(mean_seconds "caddy fmt $typical > /dev/null")
echo "cold start on $(basename "$typical") ($(wc -c < "$typical") bytes): check $(ms "$cold_check") ms, caddy fmt $(ms "$cold_caddy") ms (caddy/ours x$(ratio "$cold_caddy" "$cold_check"))"
