"""The study's taxonomy for the corpus scripts: leaves, their categories, normalised lookup."""
import csv
import os

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
TREE = os.path.join(ROOT, "Sources/ValueExtractor/Resources/Taxonomy/values_tree.csv")
FREQUENCIES = os.path.join(ROOT, "Sources/ValueExtractor/Resources/Taxonomy/values_frequencies.csv")
CATEGORIES = ["Practical values", "Epistemic values", "Social values", "Protective values", "Personal values"]
RESPONSE_TYPES = ["strong_support", "mild_support", "neutral_acknowledgment", "reframing",
                  "mild_resistance", "strong_resistance", "no_values"]


def normalize(name):
    return " ".join(name.lower().replace("_", " ").split())


class Taxonomy:
    def __init__(self):
        rows = list(csv.DictReader(open(TREE, encoding="utf-8")))
        by_id = {row["cluster_id"]: row for row in rows}
        self.leaves = {}
        for row in rows:
            if row["level"] != "0":
                continue
            node = row
            while node["level"] != "3":
                node = by_id[node["parent_cluster_id"]]
            self.leaves[normalize(row["name"])] = (row["name"], node["name"])
        self.frequency = {}
        for row in csv.DictReader(open(FREQUENCIES, encoding="utf-8")):
            self.frequency[normalize(row["value"])] = float(row["pct_convos"])

    def leaf(self, name):
        """(taxonomy spelling, category) of a level-0 value, or None."""
        return self.leaves.get(normalize(name))

    def category(self, name):
        found = self.leaf(name)
        return found[1] if found else None
