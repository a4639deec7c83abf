#!/usr/bin/env bash
# Runs the commands of docs/valuegate.yml (the GitHub Actions gate) on this machine, in replay
# mode, step by step, so the workflow's commands can be checked before pushing it:
#
#   scripts/ci-workflow-local.sh
#
# Environment:
#   VALUEGATE           the command to run valuegate with; default
#                       "swift run -c release --skip-build valuegate", after the build step.
#                       Set it to a built binary (e.g. VALUEGATE=.build/release/valuegate) to skip
#                       the build step.
#   OUT_DIR             where the reports go (default out, as in the workflow)
#   GITHUB_STEP_SUMMARY the job summary file; a temporary file when unset
#
# Exits as the workflow's last step does: 0 pass, 1 gate failed, 2 usage or input error,
# 3 inconclusive. Keep this script in step with docs/valuegate.yml.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${OUT_DIR:-out}"
if [ -z "${GITHUB_STEP_SUMMARY:-}" ]; then
    GITHUB_STEP_SUMMARY="$(mktemp "${TMPDIR:-/tmp}/valuegate-summary.XXXXXX")"
fi

echo "== Build valuegate"
if [ -n "${VALUEGATE:-}" ]; then
    echo "skipped: VALUEGATE=$VALUEGATE"
    read -r -a valuegate <<<"$VALUEGATE"
else
    swift build -c release --product valuegate
    valuegate=(swift run -c release --skip-build valuegate)
fi

echo "== Lint suites"
"${valuegate[@]}" lint Suites/*.yaml

echo "== Run the gate (replay: the recording named in valuegate.yaml)"
mkdir -p "$out"
args=(--markdown "$out/valuegate.md" --html "$out/valuegate.html" --junit "$out/valuegate-junit.xml" --json "$out/valuegate.json")
set +e
"${valuegate[@]}" check "${args[@]}"
code=$?
set -e
echo "valuegate check exited $code"

echo "== Write the job summary"
if [ -s "$out/valuegate.md" ]; then
    cat "$out/valuegate.md" >>"$GITHUB_STEP_SUMMARY"
else
    case "$code" in
        2) why="a usage, configuration or input error" ;;
        3) why="an inconclusive run" ;;
        *) why="no report" ;;
    esac
    printf '## ValueGate: exit %s\n\nNo report was written (%s). The log of the step "Run the gate" says why.\n' \
        "$code" "$why" >>"$GITHUB_STEP_SUMMARY"
fi
echo "summary: $GITHUB_STEP_SUMMARY"

echo "== Reports the workflow uploads"
for file in "$out/valuegate.html" "$out/valuegate-junit.xml" "$out/valuegate.json" "$out/valuegate.md"; do
    if [ -f "$file" ]; then echo "  $file"; else echo "  $file (missing)"; fi
done

echo "== Fail unless the gate passed"
case "$code" in
    0) echo "ValueGate: pass" ;;
    1) echo "ValueGate: the gate failed (a regression, a forbidden value or a broken expectation)"; exit 1 ;;
    2) echo "ValueGate: usage, configuration or input error"; exit 2 ;;
    3) echo "ValueGate: inconclusive (too many failed samples, or the run was interrupted)"; exit 3 ;;
    *) echo "ValueGate: unexpected exit code '$code'"; exit 1 ;;
esac
