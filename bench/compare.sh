#!/usr/bin/env bash
# Whole-process comparison of `corefile-lint check` and `corefile-lint fmt -` with `caddy fmt`
# (the closest peer: the same Caddyfile grammar) on the same generated Corefiles, in one run.
# Prints wall-time ratios (caddy / ours: above 1 means we are faster), peak RSS of each, the
# scaling between sizes (100 KB, 1 MB, 10 MB and on request 100 MB), and the cold start of
# `check` on a typical Corefile.
#
# Usage: bench/compare.sh            # 100 KB, 1 MB and 10 MB
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

cargo build --release -p corefile-lint >&2
cargo build --release -p corefile-syntax --example generate_corefile >&2
bin=$target/release/corefile-lint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Sizes in KB; `label` prints them for people.
sizes=(100 1000 10000)
[ -n "${BENCH_100MB:-}" ] && sizes+=(100000)
label() { if [ "$1" -ge 1000 ]; then echo "$(($1 / 1000))MB"; else echo "${1}KB"; fi; }
for kb in "${sizes[@]}"; do
    "$target/release/examples/generate_corefile" $((kb * 1000)) > "$work/$kb.Corefile"
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

# Mean wall seconds and mean CPU seconds (user + system) of a shell command line, via hyperfine.
# CPU time is the steadier figure when other work shares the machine.
measure() {
    local json=$work/hyperfine.json
    hyperfine --style none --warmup 1 --runs "$runs" -i --export-json "$json" "$1" >/dev/null 2>&1
    python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print(r["mean"], r["user"] + r["system"])' "$json"
}

ratio() { python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.2f}")' "$1" "$2"; }
ms() { python3 -c 'import sys; print(f"{float(sys.argv[1]) * 1000:.1f}")' "$1"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "caddy $(caddy version | cut -d' ' -f1), hyperfine runs per command: $runs"
echo "ratios: caddy/ours for time (above 1: we are faster), ours/caddy for peak RSS (below 1: we use less)"
echo
row() { printf '%-6s %-20s %9s %9s %9s %11s %11s %10s\n' "$@"; }
row size command wall_ms cpu_ms rss_MiB wall_ratio cpu_ratio rss_ratio
declare -A wall cpu
for kb in "${sizes[@]}"; do
    file=$work/$kb.Corefile
    read -r wall[caddy,$kb] cpu[caddy,$kb] < <(measure "caddy fmt $file > /dev/null")
    caddy_rss=$(peak_rss caddy fmt "$file")
    row "$(label "$kb")" "caddy fmt" "$(ms "${wall[caddy,$kb]}")" "$(ms "${cpu[caddy,$kb]}")" $((caddy_rss / 1024)) "" "" ""
    for c in check fmt; do
        if [ $c = check ]; then
            cmd="$bin check $file > /dev/null 2>&1"
            rss=$(peak_rss "$bin" check "$file")
        elif [ $has_fmt = 1 ]; then
            cmd="$bin fmt - < $file > /dev/null"
            rss=$(peak_rss "<$file" "$bin" fmt -)
        else
            continue
        fi
        read -r wall[$c,$kb] cpu[$c,$kb] < <(measure "$cmd")
        row "$(label "$kb")" "corefile-lint $c" "$(ms "${wall[$c,$kb]}")" "$(ms "${cpu[$c,$kb]}")" $((rss / 1024)) \
            "$(ratio "${wall[caddy,$kb]}" "${wall[$c,$kb]}")" "$(ratio "${cpu[caddy,$kb]}" "${cpu[$c,$kb]}")" "$(ratio "$rss" "$caddy_rss")"
    done
done
[ $has_fmt = 1 ] || echo "SKIPPED corefile-lint fmt: this build has no fmt subcommand"

echo
commands=(caddy check)
[ $has_fmt = 1 ] && commands+=(fmt)
for ((i = 1; i < ${#sizes[@]}; i++)); do
    small=${sizes[i - 1]} large=${sizes[i]}
    for c in "${commands[@]}"; do
        echo "scaling $(label "$small") -> $(label "$large") (x$((large / small)) input), $c: wall x$(ratio "${wall[$c,$large]}" "${wall[$c,$small]}"), cpu x$(ratio "${cpu[$c,$large]}" "${cpu[$c,$small]}")"
    done
done

echo
read -r cold_check _ < <(measure "$bin check $typical > /dev/null 2>&1")
read -r cold_caddy _ < <(measure "caddy fmt $typical > /dev/null")
echo "cold start on examples/ok/$(basename "$typical") ($(wc -c < "$typical") bytes): check $(ms "$cold_check") ms, caddy fmt $(ms "$cold_caddy") ms (caddy/ours x$(ratio "$cold_caddy" "$cold_check"))"
