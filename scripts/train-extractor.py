#!/usr/bin/env python3
"""Train the learned extractor's linear model on the labelled corpus and write it as the
bundled resource. Deterministic: the same corpus and features give the same file.

    python3 scripts/train-extractor.py                 # choose regularisation on dev, then fit train+dev, write the model
    python3 scripts/train-extractor.py --dev-only      # print the dev figures per setting, write nothing
    python3 scripts/train-extractor.py --train-only    # fit train alone and write it, to score dev with `valuegate extractor eval`
    python3 scripts/train-extractor.py --corpus PATH   # another labelled corpus (same format)

Needs numpy and scipy. Reads Tests/ExtractorCorpus/corpus.jsonl (scripts/corpus/merge_labels.py)
and the features `valuegate extractor features` prints, so training sees exactly what
inference sees. The test split is never read here.

Targets are soft: the mean of the two labellers (and, for harmful compliance on
JailbreakBench replies, the benchmark's own judgment as a third vote). Heads: one softmax
over the seven response types, and logistic heads for harmful compliance, the five
categories and the values the labellers named at least MIN_VALUE_COUNT times in training.
Regularisation (an L2 strength, and a lighter one for the few named features) is chosen on dev.

The harmful-compliance head also learns from the JailbreakBench replies the labellers did not
label (`--jbb DIR`, default ../shared/data/real/jailbreakbench), with the benchmark's own
judgment as the target: 639 more replies (481 of train behaviours, 158 of dev ones). Replies of
test behaviours are never read. Dev's balanced accuracy against the benchmark is measured on
every reply of the dev behaviours.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import minimize
from scipy.sparse import csr_matrix

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
CORPUS = os.path.join(ROOT, "Tests/ExtractorCorpus/corpus.jsonl")
MODEL = os.path.join(ROOT, "Sources/ValueExtractor/Resources/Model/extractor-model.tsv")
RESPONSE_TYPES = ["strong_support", "mild_support", "neutral_acknowledgment", "reframing",
                  "mild_resistance", "strong_resistance", "no_values"]
CATEGORIES = ["Practical values", "Epistemic values", "Social values", "Protective values", "Personal values"]
MIN_VALUE_COUNT = 6
MIN_FEATURE_COUNT = 2
PRUNE = 0.03  # smaller weights change almost no decision and cost scoring time
SETTINGS = [1.0, 3.0, 10.0]  # L2 strength per conversation
# Named features (lexicon cues, stance classes, lengths) are few and general; hashed words are
# many and sparse. Shrinking the named ones less lets them carry what words cannot.
NAMED_SHRINK = [1.0, 0.1]
# Weight of a reply with only the benchmark's judgment, against one both labellers labelled.
WEAK_WEIGHTS = [0.0, 0.5]
# Weight of each labelled reply's copy with its word features removed. Refusals and
# compliance in the training replies are mostly carried by their words ("I'm sorry, but I
# can't"); the copies make the named stance cues carry them on their own too, so a reply
# worded in a way no training reply was still reads by its stance.
NAMED_ONLY_COPIES = [0.0, 0.5]


def feature_id(name):
    """The id TurnFeatures gives a named feature: 32-bit FNV-1a, folded to 2^20 buckets."""
    h = 2166136261
    for byte in name.encode():
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h % (1 << 20)


BIAS = feature_id("bias")  # every turn has it


def features(corpus, extra=()):
    if extra:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
            for line in open(corpus, encoding="utf-8"):
                out.write(line)
            for item in extra:
                out.write(json.dumps({"id": item["id"], "messages": item["messages"]}, ensure_ascii=False) + "\n")
        corpus = out.name
    subprocess.run(["swift", "build", "--product", "valuegate"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    out = subprocess.run([os.path.join(binary, "valuegate"), "extractor", "features", corpus],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    if extra:
        os.unlink(corpus)
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {item["id"]: item["features"] for item in lines}, {f for item in lines for f in item["named"]}


def weak_items(directory, corpus):
    """JailbreakBench replies the corpus does not hold, of train and dev behaviours only."""
    if not os.path.isdir(directory):
        print(f"note: {directory} not found; the harmful-compliance head learns from the labelled corpus alone")
        return []
    sys.path.insert(0, os.path.join(ROOT, "scripts", "corpus"))
    from build_corpus import jailbreakbench
    split = {item["scenario"]: item["split"] for item in corpus if item["source"] == "jailbreakbench"}
    held = {item["id"] for item in corpus}
    chosen = []
    for item in jailbreakbench(directory, random.Random(0), per_model=None):
        if item["id"] in held or split.get(item["scenario"]) not in ("train", "dev"):
            continue
        item["split"] = split[item["scenario"]]
        chosen.append(item)
    return sorted(chosen, key=lambda item: item["id"])


def targets(item, value_names):
    a, b = item["labels"]["A"], item["labels"]["B"]
    response = np.zeros(len(RESPONSE_TYPES))
    for label in (a, b):
        response[RESPONSE_TYPES.index(label["response_type"])] += 0.5
    votes = [float(a["harmful_compliance"]), float(b["harmful_compliance"])]
    if item.get("jbb_jailbroken") is not None:
        votes.append(float(item["jbb_jailbroken"]))
    binary = [np.mean(votes)]
    binary += [(float(c in a["categories"]) + float(c in b["categories"])) / 2 for c in CATEGORIES]
    binary += [(float(v in a["values"]) + float(v in b["values"])) / 2 for v in value_names]
    return response, np.array(binary)


def frequent_values(items):
    counts = {}
    for item in items:
        for label in item["labels"].values():
            for v in set(label["values"]):
                counts[v] = counts.get(v, 0) + 1
    return sorted(v for v, c in counts.items() if c >= MIN_VALUE_COUNT)


def matrix(rows, vocabulary):
    data, indices, pointers = [], [], [0]
    for row in rows:
        columns = sorted({vocabulary[f] for f in row if f in vocabulary})
        indices += columns
        data += [1.0] * len(columns)
        pointers.append(len(indices))
    return csr_matrix((data, indices, pointers), shape=(len(rows), len(vocabulary)))


def fit_softmax(X, Y, strength, weight):
    n, d = X.shape
    k = Y.shape[1]
    strength = np.asarray(strength).reshape(-1, 1)[1:]  # per feature; the bias is not penalised

    def loss(w):
        W = w.reshape(d, k)
        Z = X @ W
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        value = -(weight[:, None] * Y * np.log(P + 1e-12)).sum() / n + (strength * W[1:] ** 2).sum() / n
        G = X.T @ (weight[:, None] * (P - Y)) / n
        G[1:] += 2 * strength * W[1:] / n
        return value, G.ravel()

    result = minimize(loss, np.zeros(d * k), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return result.x.reshape(d, k)


def fit_logistic(X, y, strength, weight):
    n, d = X.shape
    strength = np.asarray(strength)[1:]

    def loss(w):
        z = X @ w
        p = 1 / (1 + np.exp(-z))
        value = -(weight * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))).sum() / n + (strength * w[1:] ** 2).sum() / n
        g = X.T @ (weight * (p - y)) / n
        g[1:] += 2 * strength * w[1:] / n
        return value, g

    return minimize(loss, np.zeros(d), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x


def source_weights(items):
    """Weights giving every source the same total (mean 1): one source's many refusals and
    compliances should not set the priors for the others' replies."""
    sizes = {}
    for item in items:
        sizes[item["source"]] = sizes.get(item["source"], 0) + 1
    return np.array([len(items) / (len(sizes) * sizes[item["source"]]) for item in items])


def train(items, feats, setting, value_names, named, weak=()):
    strength, shrink, balance, weak_weight, copies = setting
    weak = list(weak) if weak_weight > 0 else []
    counts = {}
    for item in list(items) + weak:
        for f in set(feats[item["id"]]):
            counts[f] = counts.get(f, 0) + 1
    # Column 0 is the bias, the one column the fits leave unpenalised.
    kept = [BIAS] + sorted(f for f, c in counts.items() if c >= MIN_FEATURE_COUNT and f != BIAS)
    vocabulary = {f: i for i, f in enumerate(kept)}
    rows = [feats[i["id"]] for i in items]
    pairs = [targets(item, value_names) for item in items]
    weight = source_weights(items) if balance else np.ones(len(items))
    if copies > 0:
        rows += [[f for f in row if f in named] for row in rows]
        pairs += pairs
        weight = np.concatenate([weight, copies * weight])
    X = matrix(rows, vocabulary)
    Y = np.array([p[0] for p in pairs])
    B = np.array([p[1] for p in pairs])
    penalties = np.array([strength * (shrink if f in named else 1.0) for f in kept])
    W_response = fit_softmax(X, Y, penalties, weight)
    columns = [fit_logistic(X, B[:, j], penalties, weight) for j in range(B.shape[1])]
    if weak:
        # Harmful compliance: the labelled rows and the benchmark-judged ones together.
        X_harm = matrix(rows + [feats[i["id"]] for i in weak], vocabulary)
        y_harm = np.concatenate([B[:, 0], [float(i["jbb_jailbroken"]) for i in weak]])
        w_harm = np.concatenate([weight, np.full(len(weak), weak_weight)])
        columns[0] = fit_logistic(X_harm, y_harm, penalties, w_harm)
    W_binary = np.column_stack(columns)
    return kept, np.hstack([W_response, W_binary])


def predict(model, rows):
    kept, W = model
    vocabulary = {f: i for i, f in enumerate(kept)}
    return matrix(rows, vocabulary) @ W


def dev_figures(items, feats, model, value_names, weak=()):
    """Dev figures overall, and response-type accuracy averaged over sources (`_by_source`),
    so a setting is not chosen for the largest source alone."""
    scores = predict(model, [feats[i["id"]] for i in items])
    k = len(RESPONSE_TYPES)
    three = {"strong_support": "s", "mild_support": "s", "neutral_acknowledgment": "n", "no_values": "n",
             "reframing": "r", "mild_resistance": "r", "strong_resistance": "r"}
    hits = {}  # source -> [labels, 7-class hits, 3-class hits]
    tp = fp = fn = 0
    jb = {"tp": 0, "p": 0, "tn": 0, "n": 0}
    for row, item in zip(scores, items):
        predicted = RESPONSE_TYPES[int(np.argmax(row[:k]))]
        cats = {c for j, c in enumerate(CATEGORIES) if row[k + 1 + j] > 0}
        tally = hits.setdefault(item["source"], [0, 0, 0])
        for label in item["labels"].values():
            tally[0] += 1
            tally[1] += predicted == label["response_type"]
            tally[2] += three[predicted] == three[label["response_type"]]
            gold = set(label["categories"])
            tp += len(cats & gold); fp += len(cats - gold); fn += len(gold - cats)
        if item.get("jbb_jailbroken") is not None:
            harmful = row[k] > 0
            if item["jbb_jailbroken"]:
                jb["p"] += 1; jb["tp"] += harmful
            else:
                jb["n"] += 1; jb["tn"] += not harmful
    for row, item in zip(predict(model, [feats[i["id"]] for i in weak]), weak):
        harmful = row[k] > 0
        if item["jbb_jailbroken"]:
            jb["p"] += 1; jb["tp"] += harmful
        else:
            jb["n"] += 1; jb["tn"] += not harmful
    n = sum(t[0] for t in hits.values())
    balanced = (jb["tp"] / max(1, jb["p"]) + jb["tn"] / max(1, jb["n"])) / 2
    return {"rt7": sum(t[1] for t in hits.values()) / n, "rt3": sum(t[2] for t in hits.values()) / n,
            "rt7_by_source": np.mean([t[1] / t[0] for t in hits.values()]),
            "rt3_by_source": np.mean([t[2] / t[0] for t in hits.values()]),
            "cat_f1": 2 * tp / max(1, 2 * tp + fp + fn), "hc_ba_jbb": balanced}


def write(model, value_names):
    kept, W = model
    heads = ([f"response:{t}" for t in RESPONSE_TYPES] + ["harmful-compliance"]
             + [f"category:{c}" for c in CATEGORIES] + [f"value:{v}" for v in value_names])
    lines = ["valuegate-linear-model 1", "heads\t" + "\t".join(heads)]
    for feature, row in zip(kept, W):
        entries = [f"{j}:{w:.4f}" for j, w in enumerate(row) if abs(w) >= PRUNE]
        if entries:
            lines.append(f"{feature}\t{' '.join(entries)}")
    with open(MODEL, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"wrote {MODEL}: {len(heads)} heads, {len(lines) - 2} features")


def main():
    path = sys.argv[sys.argv.index("--corpus") + 1] if "--corpus" in sys.argv else CORPUS
    corpus = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    train_items = [i for i in corpus if i["split"] == "train"]
    dev_items = [i for i in corpus if i["split"] == "dev"]
    jbb = sys.argv[sys.argv.index("--jbb") + 1] if "--jbb" in sys.argv else os.path.join(ROOT, "..", "shared", "data", "real", "jailbreakbench")
    weak = weak_items(jbb, corpus)
    weak_train = [i for i in weak if i["split"] == "train"]
    weak_dev = [i for i in weak if i["split"] == "dev"]
    print(f"benchmark-judged replies for the harmful head: {len(weak_train)} train, {len(weak_dev)} dev")
    feats, named = features(path, weak)
    # Value heads are chosen from the items a model is fitted on, so dev figures see no dev labels.
    tuning_values = frequent_values(train_items)
    best = None
    # Source balancing was never chosen on dev with 480-610 labelled; it stays as an option.
    grid = [(strength, shrink, False, weak_weight, copies) for strength in SETTINGS for shrink in NAMED_SHRINK
            for weak_weight in (WEAK_WEIGHTS if weak else [0.0]) for copies in NAMED_ONLY_COPIES]
    for setting in grid:
        model = train(train_items, feats, setting, tuning_values, named, weak_train)
        figures = dev_figures(dev_items, feats, model, tuning_values, weak_dev)
        score = figures["rt7_by_source"] + figures["rt3_by_source"] + figures["cat_f1"] + figures["hc_ba_jbb"]
        print(f"L2 {setting[0]} named x{setting[1]} balanced {setting[2]} weak x{setting[3]} named-only copies x{setting[4]}: " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))
        if best is None or score > best[0]:
            best = (score, setting)
    if "--train-only" in sys.argv:
        write(train(train_items, feats, best[1], tuning_values, named, weak_train), tuning_values)
        return
    value_names = frequent_values(train_items + dev_items)
    print(f"chosen L2 {best[1][0]}, named features x{best[1][1]}, sources balanced {best[1][2]}, "
          f"benchmark-judged replies x{best[1][3]}, named-only copies x{best[1][4]}, on dev; {len(value_names)} value heads")
    if "--dev-only" in sys.argv:
        return
    write(train(train_items + dev_items, feats, best[1], value_names, named, weak), value_names)

if __name__ == "__main__":
    main()
