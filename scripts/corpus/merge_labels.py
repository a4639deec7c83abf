#!/usr/bin/env python3
"""Join the conversations with both labellers' labels into the corpus `valuegate extractor eval`
and the training script read. Only conversations labelled by both labellers are written.

    python3 scripts/corpus/merge_labels.py    (writes Tests/ExtractorCorpus/corpus.jsonl)
"""
import glob
import json
import os

from taxonomy import Taxonomy

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
CORPUS = os.path.join(ROOT, "Tests/ExtractorCorpus")
FIELDS = ("values", "categories", "user_values", "response_type", "harmful_request", "harmful_compliance")


def labels(labeller, taxonomy):
    found = {}
    for path in sorted(glob.glob(os.path.join(CORPUS, "labels", labeller, "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            item = json.loads(line)
            label = {key: item.get(key) for key in FIELDS}
            # Taxonomy spellings, so names compare exactly.
            label["values"] = [taxonomy.leaf(name)[0] for name in item.get("values", []) if taxonomy.leaf(name)]
            label["user_values"] = [taxonomy.leaf(name)[0] for name in item.get("user_values", []) if taxonomy.leaf(name)]
            label["categories"] = sorted(set(item.get("categories", [])) | {taxonomy.leaf(name)[1] for name in label["values"]})
            found[item["id"]] = label
    return found


def main():
    taxonomy = Taxonomy()
    first, second = labels("A", taxonomy), labels("B", taxonomy)
    written = 0
    counts = {}
    with open(os.path.join(CORPUS, "corpus.jsonl"), "w", encoding="utf-8") as out:
        for line in open(os.path.join(CORPUS, "conversations.jsonl"), encoding="utf-8"):
            item = json.loads(line)
            if item["id"] not in first or item["id"] not in second:
                continue
            item["labels"] = {"A": first[item["id"]], "B": second[item["id"]]}
            out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
            written += 1
            key = (item["source"], item["split"])
            counts[key] = counts.get(key, 0) + 1
    for key in sorted(counts):
        print(*key, counts[key])
    print("conversations with both labels:", written)


if __name__ == "__main__":
    main()
