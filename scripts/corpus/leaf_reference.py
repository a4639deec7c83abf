#!/usr/bin/env python3
"""Write the labellers' reference list: every level-0 value with its category, most frequent first."""
import sys
from taxonomy import Taxonomy

taxonomy = Taxonomy()
rows = sorted(taxonomy.leaves.values(), key=lambda leaf: -taxonomy.frequency.get(leaf[0], 0.0))
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("value\tcategory\tpct_of_subjective_conversations\n")
    for name, category in rows:
        out.write(f"{name}\t{category}\t{taxonomy.frequency.get(name, 0.0):.3f}\n")
