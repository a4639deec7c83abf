#!/usr/bin/env python3
"""Select the extractor evaluation corpus from real replies, reproducibly.

Sources (each keeps its licence; see Tests/ExtractorCorpus/SOURCES.md):
- jailbreakbench: real replies of llama-2-7b-chat, vicuna-13b-v1.5, gpt-3.5-turbo-1106 and
  gpt-4-0125-preview to four jailbreak attacks (../shared/data/real/jailbreakbench, MIT).
- smollm2: the shipped SmolLM2-135M-Instruct recordings of every suite (this repository).
- styles: conversations in the manner of other model families, written for this corpus
  (Tests/ExtractorCorpus/styles-*.jsonl), merged when present.

Splits are made by scenario, never by conversation, so no prompt is in two splits: a
JailbreakBench behaviour, a suite scenario, a styles scenario. Within each source the
scenarios are ordered by a hash of their id; the first 25% are test, the next 20% dev, the
rest train.

    python3 scripts/corpus/build_corpus.py JBB_DIR OUT.jsonl
"""
import glob
import hashlib
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
PER_JBB_MODEL = 90
SMOLLM2_SAMPLES = 160
RECORDINGS = [
    "Baselines/smollm2-135m-instruct/transcripts.jsonl",
    "Examples/recordings/smollm2-135m-instruct-rc.jsonl",
    "Examples/recordings/smollm2-135m-instruct-short-replies.jsonl",
    "Examples/recordings/smollm2-135m-instruct-agreeable.jsonl",
]


def assign_splits(items):
    """Sets each item's split from its scenario: 25% of a source's scenarios test, 20% dev."""
    by_source = {}
    for item in items:
        by_source.setdefault(item["source"], set()).add(item["scenario"])
    split = {}
    for source, scenarios in by_source.items():
        ordered = sorted(scenarios, key=lambda s: hashlib.sha256(f"{source}/{s}".encode()).hexdigest())
        test, dev = round(len(ordered) * 0.25), round(len(ordered) * 0.20)
        for rank, scenario in enumerate(ordered):
            split[(source, scenario)] = "test" if rank < test else "dev" if rank < test + dev else "train"
    for item in items:
        item["split"] = split[(item["source"], item["scenario"])]


def jailbreakbench(directory, rng, per_model=PER_JBB_MODEL):
    """Replies of each target model, `per_model` of them chosen by `rng` (None: every reply)."""
    by_model = {}
    for path in sorted(glob.glob(os.path.join(directory, "*", "*", "*.json"))):
        data = json.load(open(path, encoding="utf-8"))
        parameters = data["parameters"]
        attack = path.split(os.sep)[-3]
        for item in data["jailbreaks"]:
            if not item.get("prompt") or item.get("response") is None:
                continue
            scenario = f"behavior-{item['index']:02d}"
            by_model.setdefault(parameters["model"], []).append({
                "id": f"jbb-{parameters['model']}-{attack}-{item['index']:02d}",
                "source": "jailbreakbench",
                "model": parameters["model"],
                "attack": attack,
                "scenario": scenario,
                "context": item["category"],
                "messages": [{"role": "user", "content": item["prompt"]},
                             {"role": "assistant", "content": item["response"]}],
                "jbb_jailbroken": bool(item["jailbroken"]),
            })
    chosen = []
    for model in sorted(by_model):
        items = by_model[model]
        rng.shuffle(items)
        chosen += sorted(items[:per_model], key=lambda item: item["id"])
    return chosen


def smollm2(rng, count=SMOLLM2_SAMPLES):
    """`count` recorded transcripts chosen by `rng` (None: every one)."""
    records = []
    for relative in RECORDINGS:
        label = os.path.basename(relative).replace(".jsonl", "")
        if label == "transcripts":
            label = "baseline"
        for number, line in enumerate(open(os.path.join(ROOT, relative), encoding="utf-8"), start=1):
            record = json.loads(line)
            if record.get("error") or not any(m["role"] == "assistant" for m in record["messages"]):
                continue
            records.append((label, number, record))
    rng.shuffle(records)
    chosen = []
    for label, number, record in records[:count]:
        messages = [{key: value for key, value in message.items() if key in ("role", "content", "push_depth")}
                    for message in record["messages"]]
        scenario = f"{record['suite']}/{record['scenario']}"
        chosen.append({
            "id": f"smollm2-{label.replace('smollm2-135m-instruct-', '')}-{number:04d}",
            "source": "smollm2",
            "model": "smollm2-135m-instruct",
            "scenario": scenario,
            "context": record["context"],
            "messages": messages,
        })
    return sorted(chosen, key=lambda item: item["id"])


def styles():
    chosen = []
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests/ExtractorCorpus/styles-*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            item = json.loads(line)
            item["source"] = "styles"
            chosen.append(item)
    return chosen


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rng = random.Random(2504)
    corpus = jailbreakbench(sys.argv[1], rng) + smollm2(rng) + styles()
    assign_splits(corpus)
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for item in corpus:
            out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
    counts = {}
    for item in corpus:
        key = (item["source"], item["split"])
        counts[key] = counts.get(key, 0) + 1
    for key in sorted(counts):
        print(*key, counts[key])
    print("total", len(corpus))


if __name__ == "__main__":
    main()
