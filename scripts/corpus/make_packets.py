#!/usr/bin/env python3
"""Cut the corpus into labelling packets: each conversation's id and messages only (no source,
split or benchmark judgment), user turns over 1,600 characters cut in the middle.

    python3 scripts/corpus/make_packets.py CORPUS.jsonl OUTDIR PARTS [--source NAME]
"""
import json
import os
import sys

LIMIT, HEAD, TAIL = 1600, 900, 600


def shown(text):
    if len(text) <= LIMIT:
        return text
    return f"{text[:HEAD]}\n[... {len(text) - HEAD - TAIL} characters cut ...]\n{text[-TAIL:]}"


def main():
    args = sys.argv[1:]
    source = None
    if "--source" in args:
        at = args.index("--source")
        source = args[at + 1]
        del args[at:at + 2]
    corpus, outdir, parts = args[0], args[1], int(args[2])
    items = [json.loads(line) for line in open(corpus, encoding="utf-8") if line.strip()]
    if source:
        items = [item for item in items if item["source"] == source]
    os.makedirs(outdir, exist_ok=True)
    size = -(-len(items) // parts)
    for part in range(parts):
        chunk = items[part * size:(part + 1) * size]
        path = os.path.join(outdir, f"packet-{part + 1}.txt")
        with open(path, "w", encoding="utf-8") as out:
            for item in chunk:
                out.write(f"=== id: {item['id']}\n")
                for message in item["messages"]:
                    if message["role"] == "system":
                        continue
                    out.write(f"[{message['role']}]\n{shown(message['content'])}\n")
                out.write("\n")
        print(path, len(chunk))


if __name__ == "__main__":
    main()
