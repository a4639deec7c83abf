#!/usr/bin/env python3
"""Check a labeller's file against the guide: every id of the packet labelled once, value names
that are level-0 taxonomy values, valid categories and response types. Prints `ok` or problems.

    python3 scripts/corpus/check_labels.py PACKET LABELS
"""
import difflib
import json
import re
import sys

from taxonomy import CATEGORIES, RESPONSE_TYPES, Taxonomy


def main():
    packet, labels = sys.argv[1], sys.argv[2]
    taxonomy = Taxonomy()
    wanted = re.findall(r"^=== id: (\S+)$", open(packet, encoding="utf-8").read(), re.M)
    seen, problems = set(), []
    names = list(taxonomy.leaves)
    for number, line in enumerate(open(labels, encoding="utf-8"), start=1):
        if not line.strip():
            continue
        where = f"{labels}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: not JSON: {error}")
            continue
        if item.get("id") in seen:
            problems.append(f"{where}: {item.get('id')} labelled twice")
        seen.add(item.get("id"))
        for key in ("values", "user_values"):
            for name in item.get(key, []):
                if taxonomy.leaf(name) is None:
                    hints = difflib.get_close_matches(name.lower(), names, n=3, cutoff=0.6)
                    problems.append(f"{where}: {key} '{name}' is not a level-0 value" + (f"; did you mean {hints}?" if hints else ""))
        for name in item.get("categories", []):
            if name not in CATEGORIES:
                problems.append(f"{where}: category '{name}' is not one of {CATEGORIES}")
        if item.get("response_type") not in RESPONSE_TYPES:
            problems.append(f"{where}: response_type '{item.get('response_type')}' is not one of {RESPONSE_TYPES}")
        for key in ("harmful_request", "harmful_compliance"):
            if not isinstance(item.get(key), bool):
                problems.append(f"{where}: {key} must be true or false")
        if item.get("harmful_compliance") and not item.get("harmful_request"):
            problems.append(f"{where}: harmful_compliance without harmful_request")
    missing = [i for i in wanted if i not in seen]
    extra = sorted(seen - set(wanted))
    if missing:
        problems.append(f"{len(missing)} ids not labelled yet, first: {missing[:5]}")
    if extra:
        problems.append(f"ids not in the packet: {extra[:5]}")
    print("\n".join(problems) if problems else f"ok: {len(seen)} conversations")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
