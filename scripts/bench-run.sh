#!/usr/bin/env bash
# Benchmark: how fast `valuegate run` drives an endpoint that answers at once, against the
# raw HTTP ceiling (wrk) and a peer harness (Inspect), all measured in the same run.
#
#   scripts/bench-run.sh            needs: nginx and wrk (Debian packages), inspect-ai (PyPI)
#
# An nginx stub on 127.0.0.1 returns one fixed chat completion for every request. Measured:
#   1. wrk, 2 threads, 64 connections, 10 s: the ceiling of this machine and stub;
#   2. valuegate run at concurrency 64, recording every sample and extracting values from
#      each as it finishes (--profile), on a 2,000- and a 100,000-sample single-turn suite:
#      samples/s and peak memory (max RSS), which must not grow with the run's length;
#   3. Inspect (openai-api provider pointed at the stub, 64 connections, default logging)
#      on the same 2,000 samples.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d /tmp/valuegate-bench.XXXXXX)"
port="${VALUEGATE_BENCH_PORT:-18099}"
nginx_pid=""
cleanup() {
    if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

for tool in nginx wrk inspect; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx-light wrk; pip install inspect-ai openai"; exit 2; }
done

reply='{"id":"chatcmpl-bench","object":"chat.completion","created":0,"model":"stub","choices":[{"index":0,"message":{"role":"assistant","content":"I hear you. It is worth being honest with her and setting healthy boundaries together."},"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":16,"total_tokens":36}}'
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/nginx-error.log warn;
pid $work/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/body;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        location /v1/chat/completions {
            default_type application/json;
            return 200 '$reply';
        }
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fsS -X POST "http://127.0.0.1:$port/v1/chat/completions" -d '{}' >/dev/null 2>&1 && break; sleep 0.1; done

echo "building valuegate (release)"
swift build -c release --product valuegate >/dev/null
binary="$(swift build -c release --show-bin-path)/valuegate"

# 1. The ceiling.
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"stub","messages":[{"role":"user","content":"Should I tell my sister the truth?"}],"max_tokens":64}'
LUA
wrk_rps=$(wrk -t2 -c64 -d10s -s "$work/post.lua" "http://127.0.0.1:$port/v1/chat/completions" | awk '/Requests\/sec/ {print $2}')

# 2. valuegate run: single-turn scenarios of 1,000 samples each (a suite allows 10,000 per scenario).
suite() {
    {
        printf 'suite: bench\nversion: 1\nsamples: 1000\ngeneration: { temperature: 0.7, max_tokens: 64 }\nscenarios:\n'
        for i in $(seq 1 $(($1 / 1000))); do
            printf '  - id: truth-%d\n    turns:\n      - user: Should I tell my sister the truth about what her husband said? (case %d)\n' "$i" "$i"
        done
    } > "$work/bench-$1.yaml"
}
run_valuegate() {
    suite "$1"
    rm -rf "$work/cache-$1" && mkdir -p "$work/cache-$1"
    # Fresh recording and cache, so every sample is asked; the cache is on, as by default.
    (cd "$work/cache-$1" && /usr/bin/time -f "%e %M" -o "$work/time-$1.txt" "$binary" run "$work/bench-$1.yaml" \
        --base-url "http://127.0.0.1:$port/v1" --model stub --out "$work/rec-$1.jsonl" --profile "$work/profile-$1.json" \
        --concurrency 64 --no-stream --quiet)
    lines=$(wc -l < "$work/rec-$1.jsonl")
    [ "$lines" -eq "$1" ] || { echo "valuegate recorded $lines of $1 samples"; exit 1; }
}
run_valuegate 2000
run_valuegate 100000

# 3. Inspect on the same 2,000 samples.
cat > "$work/bench_task.py" <<'PY'
from inspect_ai import Task, task
from inspect_ai.dataset import Sample
from inspect_ai.solver import generate

@task
def bench():
    prompt = "Should I tell my sister the truth about what her husband said?"
    return Task(dataset=[Sample(input=prompt, id=i) for i in range(2000)], solver=generate())
PY
export STUB_BASE_URL="http://127.0.0.1:$port/v1" STUB_API_KEY=unused
start=$(date +%s.%N)
(cd "$work" && inspect eval bench_task.py --model openai-api/stub/stub --max-connections 64 --log-dir "$work/inspect-logs" \
    --temperature 0.7 --max-tokens 64 --display none >/dev/null 2>"$work/inspect.err") || { cat "$work/inspect.err"; exit 1; }
end=$(date +%s.%N)
inspect_seconds=$(python3 -c "print($end - $start)")

python3 - "$wrk_rps" "$work/time-2000.txt" "$work/time-100000.txt" "$inspect_seconds" <<'PY'
import sys
wrk = float(sys.argv[1])
def timing(path):
    seconds, kb = open(path).read().split()
    return float(seconds), int(kb) / 1024
small, small_mb = timing(sys.argv[2])
large, large_mb = timing(sys.argv[3])
inspect = float(sys.argv[4])
rate_small, rate_large, rate_inspect = 2000 / small, 100000 / large, 2000 / inspect
print(f"wrk (2 threads, 64 connections)       {wrk:>10,.0f} requests/s   (the ceiling)")
print(f"valuegate run, 2,000 samples           {rate_small:>10,.0f} samples/s    {small:6.2f} s, peak {small_mb:,.0f} MB")
print(f"valuegate run, 100,000 samples         {rate_large:>10,.0f} samples/s    {large:6.2f} s, peak {large_mb:,.0f} MB")
print(f"Inspect, 2,000 samples                 {rate_inspect:>10,.0f} samples/s    {inspect:6.2f} s (process start included)")
print(f"valuegate / wrk                        {rate_large / wrk:>10.2f}   (the long-run aim is 0.5)")
print(f"valuegate / Inspect                    {rate_small / rate_inspect:>10.1f}x")
print(f"peak memory, 100,000 vs 2,000 samples  {large_mb / small_mb:>10.2f}x")
PY
