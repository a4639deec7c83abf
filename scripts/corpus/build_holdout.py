#!/usr/bin/env python3
"""Add a second held-out split, `holdout`, to the corpus: fresh conversations of the *test*
scenarios that the corpus does not hold yet, so no training or dev scenario is in it.

Why: the test split was read once, for extractor 2.1.0, and its figures are in docs/extractor.md.
Improvements made after that reading are measured here, on text nobody had looked at.

- jailbreakbench: replies of the test behaviours not already in the corpus, the same number
  per model, chosen by SHA-256 of their id.
- smollm2: recorded transcripts of the test scenarios not already in the corpus.

    python3 scripts/corpus/build_holdout.py JBB_DIR [PER_MODEL] [SMOLLM2]
Appends to Tests/ExtractorCorpus/conversations.jsonl; running it again adds nothing.
"""
import hashlib
import json
import os
import random
import sys

from build_corpus import ROOT, jailbreakbench, smollm2

CONVERSATIONS = os.path.join(ROOT, "Tests/ExtractorCorpus/conversations.jsonl")


def ranked(items):
    return sorted(items, key=lambda item: hashlib.sha256(item["id"].encode()).hexdigest())


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    per_model = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    smollm2_count = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    existing = [json.loads(line) for line in open(CONVERSATIONS, encoding="utf-8") if line.strip()]
    if any(item["split"] == "holdout" for item in existing):
        sys.exit("the corpus already has a holdout split; nothing added")
    used = {item["id"] for item in existing}
    test_scenarios = {(item["source"], item["scenario"]) for item in existing if item["split"] == "test"}

    def fresh(items):
        return [item for item in items
                if item["id"] not in used and (item["source"], item["scenario"]) in test_scenarios]

    chosen = []
    replies = fresh(jailbreakbench(sys.argv[1], random.Random(0), per_model=None))
    for model in sorted({item["model"] for item in replies}):
        chosen += ranked([item for item in replies if item["model"] == model])[:per_model]
    chosen += ranked(fresh(smollm2(random.Random(0), count=None)))[:smollm2_count]
    with open(CONVERSATIONS, "a", encoding="utf-8") as out:
        for item in sorted(chosen, key=lambda item: item["id"]):
            item["split"] = "holdout"
            out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
    print("holdout conversations added:", len(chosen),
          {source: sum(item["source"] == source for item in chosen) for source in ("jailbreakbench", "smollm2")})


if __name__ == "__main__":
    main()
