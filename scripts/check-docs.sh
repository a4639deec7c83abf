#!/usr/bin/env bash
# Runs every example command of the documentation, so an example that stops working fails CI:
#
#   bash scripts/check-docs.sh [FILE.md ...]      (default: README.md, docs/*.md and Suites/README.md)
#
# What is run: each fenced block whose info string is `sh` (```sh). Every line of it that is not
# blank and not a comment is one command; a line ending in a backslash continues on the next.
# Commands run one by one, in file order, with bash from the repository root. A leading
# `swift run valuegate` or `valuegate` is replaced by the binary of one `swift build`
# (`swift build --show-bin-path`; set VALUEGATE=PATH to use another binary and skip the build).
#
# Conventions in the Markdown (also in docs/development.md, "The documentation examples"):
#   # exit N                at the end of a command: the exit code it must end with (default 0).
#   # docs: skip (REASON)   as the first line of a block: the whole block is skipped, and REASON
#                           is printed. Use it for blocks that need a live endpoint, the network
#                           or API keys, write into a user's repository, or run for minutes.
#                           At the end of a command (`cmd   # ...; docs: skip (REASON)`), only that
#                           command is skipped.
# Examples write under out/. The script points every `out/...` argument at a fresh temporary
# folder, so runs do not see each other's files and the repository's own out/ is left alone.
#
# Prints one line per command (ran or skipped, exit code, seconds, where it is) and a summary.
# Exits 1 if any command ended with another exit code than expected (its output is printed)
# or the build failed, 2 on bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then files=("$@"); else files=(README.md docs/*.md Suites/README.md); fi
for f in "${files[@]}"; do [ -f "$f" ] || { echo "check-docs: no such file: $f" >&2; exit 2; }; done

work="$(mktemp -d "${TMPDIR:-/tmp}/valuegate-check-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out"

if [ -z "${VALUEGATE:-}" ]; then
    echo "check-docs: swift build --product valuegate"
    swift build --product valuegate >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
    VALUEGATE="$(swift build --show-bin-path)/valuegate"
fi
[ -x "$VALUEGATE" ] || { echo "check-docs: not an executable: $VALUEGATE" >&2; exit 2; }

# One record per command, fields separated by the unit separator (\037): file, line, skip reason ("" to run),
# expected exit code, command.
extract() {
    awk -v file="$1" '
        function flush() {
            if (cmd == "") return
            reason = block_skip
            if (reason == "" && match(cmd, /#.*docs: skip \(.*\)/)) {
                reason = substr(cmd, RSTART, RLENGTH); sub(/.*docs: skip \(/, "", reason); sub(/\)[^)]*$/, "", reason)
            }
            want = 0
            if (match(cmd, /#[ \t]*exit[ \t]+[0-9]+/)) { w = substr(cmd, RSTART, RLENGTH); gsub(/[^0-9]/, "", w); want = w + 0 }
            printf "%s\037%d\037%s\037%d\037%s\n", file, start, reason, want, cmd
            cmd = ""
        }
        /^```/ {
            if (!inside && $0 ~ /^```sh([ \t]|$)/) { inside = 1; first = 1; block_skip = ""; next }
            if (inside) { flush(); inside = 0; next }
        }
        !inside { next }
        {
            line = $0
            if (cmd == "") {
                if (line ~ /^[ \t]*$/) next
                if (line ~ /^[ \t]*#/) {
                    if (first && match(line, /docs: skip \(.*\)/)) {
                        block_skip = substr(line, RSTART + 12, RLENGTH - 13)
                    }
                    first = 0
                    next
                }
                first = 0
                start = NR
                sub(/^[ \t]+/, "", line)
            } else {
                sub(/^[ \t]+/, " ", line)
            }
            if (line ~ /\\[ \t]*$/) { sub(/[ \t]*\\[ \t]*$/, " ", line); cmd = cmd line; next }
            cmd = cmd line
            flush()
        }
        END { if (inside) { printf "check-docs: %s: unclosed ```sh block\n", file > "/dev/stderr"; exit 2 } }
    ' "$1"
}

# The command as run: the built binary for valuegate, out/ in the temporary folder.
rewrite() {
    local cmd="$1"
    case "$cmd" in
        "swift run valuegate "*) cmd="\"\$VALUEGATE\" ${cmd#swift run valuegate }" ;;
        "swift run valuegate")   cmd="\"\$VALUEGATE\"" ;;
        "valuegate "*)           cmd="\"\$VALUEGATE\" ${cmd#valuegate }" ;;
        "valuegate")             cmd="\"\$VALUEGATE\"" ;;
    esac
    # shellcheck disable=SC2001
    sed -E "s#(^|[[:space:]=\"'])out/#\1$work/out/#g" <<<"$cmd"
}

records="$work/commands.tsv"
: >"$records"
for f in "${files[@]}"; do extract "$f" >>"$records"; done

export VALUEGATE
ran=0 skipped=0 failed=0 n=0
started=$(date +%s.%N)
limit=""; command -v timeout >/dev/null 2>&1 && limit="timeout 600"
while IFS=$'\037' read -r file line reason want cmd; do
    n=$((n + 1))
    shown="$cmd"; [ "${#shown}" -gt 110 ] && shown="${shown:0:107}..."
    if [ -n "$reason" ]; then
        skipped=$((skipped + 1))
        printf 'skipped                   %s:%s  %s\n    reason: %s\n' "$file" "$line" "$shown" "$reason"
        continue
    fi
    run="$(rewrite "$cmd")"
    log="$work/log-$n.txt"
    t0=$(date +%s.%N)
    set +e
    $limit bash -c "$run" </dev/null >"$log" 2>&1
    code=$?
    set -e
    t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    ran=$((ran + 1))
    if [ "$code" -eq "$want" ]; then
        printf 'ran      exit %-3s %6s s  %s:%s  %s\n' "$code" "$secs" "$file" "$line" "$shown"
    else
        failed=$((failed + 1))
        printf 'FAILED   exit %-3s %6s s  %s:%s  %s\n    expected exit %s; ran: %s\n    output (last 30 lines):\n' \
            "$code" "$secs" "$file" "$line" "$shown" "$want" "$run"
        tail -n 30 "$log" | sed 's/^/      /'
    fi
done <"$records"
total=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')

echo "check-docs: $ran ran, $skipped skipped, $failed failed, in $total s (${files[*]})"
[ "$failed" -eq 0 ] || exit 1
