#!/usr/bin/env python3
"""Checks that ValueGateKit's folders use only the folders docs/architecture.md allows.

Each folder may use Support/ and the folders before it in ORDER; Pipeline/ and Report/ are
used by no other folder. A use is a mention of a type declared in another folder. Prints
every use that breaks the rule and exits 1 if there is any; `--graph` prints who uses whom.
"""
import pathlib, re, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "ValueGateKit"
# Data-flow order: a folder may use those before it (and Support, used by all).
ORDER = ["Support", "Suite", "Transcript", "Endpoint", "Project", "Profile", "Run", "Gate", "Compare",
         "ExtractorEvaluation", "Pipeline", "Report"]
LEAVES = {"Pipeline", "Report"}  # nothing in the library uses these

declaration = re.compile(r"^(?:public |internal |fileprivate |private |final |indirect )*(?:struct|enum|class|actor|protocol)\s+([A-Z]\w*)", re.M)

def strip(text):
    text = re.sub(r'"""[\s\S]*?"""', '""', text)          # multi-line strings
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)        # strings
    return re.sub(r"//[^\n]*", "", text)                      # comments

files = {p: strip(p.read_text()) for p in ROOT.rglob("*.swift")}
owner = {}
for path, text in files.items():
    folder = path.relative_to(ROOT).parts[0]
    for name in declaration.findall(text):
        owner.setdefault(name, folder)

uses, broken = {}, []
for path, text in files.items():
    folder = path.relative_to(ROOT).parts[0]
    for name, other in owner.items():
        if other == folder or not re.search(rf"\b{name}\b", text):
            continue
        uses.setdefault(folder, set()).add(other)
        allowed = other == "Support" or (other not in LEAVES and folder in ORDER and other in ORDER
                                         and ORDER.index(other) < ORDER.index(folder))
        if folder == "Pipeline" and other == "Report":
            allowed = False
        if not allowed:
            broken.append(f"{path.relative_to(ROOT.parent.parent)}: {folder}/ uses {name} of {other}/")

if "--graph" in sys.argv:
    for folder in ORDER:
        print(f"{folder:20} uses {', '.join(sorted(uses.get(folder, set()), key=ORDER.index)) or '-'}")
for line in sorted(broken):
    print(line)
print(f"{len(broken)} use(s) against the rule in docs/architecture.md" if broken else "architecture: every folder uses only what docs/architecture.md allows")
sys.exit(1 if broken else 0)
