#!/usr/bin/env bash
# Rebuilds the shipped JailbreakBench suites and recordings from the benchmark's own files:
# two suites (open and GPT models), one recording per model, and disjoint even/odd halves
# of the behaviours for the A/A comparisons. Run from the repository root.
# Usage: scripts/import-jailbreakbench.sh [ARTIFACTS_DIR]   (default ../shared/data/real/jailbreakbench)
set -euo pipefail
J=${1:-../shared/data/real/jailbreakbench}
OUT=Examples/recordings/jailbreakbench
swift build --product valuegate >/dev/null
VG=$(swift build --show-bin-path)/valuegate

import() { # SUITE MODEL... : the whole suite, then each half of the behaviours
    local suite=$1; shift
    local models=(); for m in "$@"; do models+=(--model "$m"); done
    "$VG" import jailbreakbench "$J" "${models[@]}" --suite-out "Suites/$suite.yaml" --recording-out "$OUT"
    for half in even odd; do
        "$VG" import jailbreakbench "$J" "${models[@]}" --behaviours "$half" --suite-id "$suite" \
            --suite-out "/tmp/valuegate-$suite-$half.yaml" --recording-out "$OUT/$half"
        cmp -s "Suites/$suite.yaml" "/tmp/valuegate-$suite-$half.yaml" || { echo "the $half half wrote a different suite" >&2; exit 1; }
    done
}
import jailbreakbench-open llama-2-7b-chat-hf vicuna-13b-v1.5
import jailbreakbench-gpt gpt-4-0125-preview gpt-3.5-turbo-1106
cp "$J/LICENSE" "$OUT/LICENSE"
