#!/usr/bin/env bash
# Benchmark: profile a corpus of the "Values in the Wild" study's size (700,000
# conversations) and compare with `wc -l` on the same file, measured in the same run.
#
#   scripts/bench-profile.sh [CONVERSATIONS]      (default 700000; needs ~1 GB of disk in out/)
#
# Prints conversations/s, MB/s, peak memory (max RSS) and the ratio of profile time to wc -l time.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-700000}"
corpus="out/bench-corpus-$count.jsonl"
mkdir -p out

if [ ! -f "$corpus" ]; then
    echo "generating $count conversations into $corpus"
    python3 scripts/make-corpus.py "$count" "$corpus"
fi
echo "building valuegate (release)"
swift build -c release --product valuegate >/dev/null
binary="$(swift build -c release --show-bin-path)/valuegate"

bytes=$(stat -c %s "$corpus")
cat "$corpus" >/dev/null   # warm the page cache so both runs read from memory

seconds() { python3 -c 'import sys; print(f"{float(sys.argv[1]):.3f}")' "$1"; }
start=$(date +%s.%N); wc -l "$corpus" >/dev/null; end=$(date +%s.%N)
wc_time=$(python3 -c "print($end - $start)")

/usr/bin/time -f "%e %M" -o out/bench-time.txt "$binary" profile "$corpus" --json out/bench-profile.json >/dev/null
read -r profile_time peak_kb < out/bench-time.txt

python3 - "$count" "$bytes" "$wc_time" "$profile_time" "$peak_kb" <<'PY'
import sys
count, size, wc, prof, peak = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
mb = size / 1e6
print(f"corpus          {count:,} conversations, {mb:,.0f} MB")
print(f"wc -l           {wc:.2f} s   ({mb / wc:,.0f} MB/s)")
print(f"valuegate       {prof:.2f} s   ({count / prof:,.0f} conversations/s, {mb / prof:,.1f} MB/s)")
print(f"peak memory     {peak / 1024:,.0f} MB (max RSS)")
print(f"ratio           {prof / wc:,.1f}x the time of wc -l")
print(f"goal            700,000 conversations in <= 30 s and <= 300 MB: "
      f"{'met' if count / prof * 30 >= 700_000 and peak / 1024 <= 300 else 'not met'} (at this rate 700k take {700_000 / (count / prof):.1f} s)")
PY
