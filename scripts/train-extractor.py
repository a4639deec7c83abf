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
"""
import json
import os
import subprocess
import sys

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
PRUNE = 0.005
SETTINGS = [0.1, 0.3, 1.0, 3.0]  # L2 strength per conversation


def features(corpus):
    subprocess.run(["swift", "build", "--product", "valuegate"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    out = subprocess.run([os.path.join(binary, "valuegate"), "extractor", "features", corpus],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return {item["id"]: item["features"] for item in map(json.loads, filter(str.strip, out.splitlines()))}


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


def fit_softmax(X, Y, strength):
    n, d = X.shape
    k = Y.shape[1]

    def loss(w):
        W = w.reshape(d, k)
        Z = X @ W
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        value = -(Y * np.log(P + 1e-12)).sum() / n + strength * (W[1:] ** 2).sum() / n
        G = X.T @ (P - Y) / n
        G[1:] += 2 * strength * W[1:] / n
        return value, G.ravel()

    result = minimize(loss, np.zeros(d * k), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return result.x.reshape(d, k)


def fit_logistic(X, y, strength):
    n, d = X.shape

    def loss(w):
        z = X @ w
        p = 1 / (1 + np.exp(-z))
        value = -(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)).sum() / n + strength * (w[1:] ** 2).sum() / n
        g = X.T @ (p - y) / n
        g[1:] += 2 * strength * w[1:] / n
        return value, g

    return minimize(loss, np.zeros(d), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x


def train(items, feats, strength, value_names):
    counts = {}
    for item in items:
        for f in set(feats[item["id"]]):
            counts[f] = counts.get(f, 0) + 1
    # Column 0 is the bias feature's place: every turn has "bias", kept whatever its count.
    kept = sorted(f for f, c in counts.items() if c >= MIN_FEATURE_COUNT or c == len(items))
    vocabulary = {f: i for i, f in enumerate(kept)}
    X = matrix([feats[i["id"]] for i in items], vocabulary)
    pairs = [targets(item, value_names) for item in items]
    Y = np.array([p[0] for p in pairs])
    B = np.array([p[1] for p in pairs])
    W_response = fit_softmax(X, Y, strength)
    W_binary = np.column_stack([fit_logistic(X, B[:, j], strength) for j in range(B.shape[1])])
    return kept, np.hstack([W_response, W_binary])


def predict(model, rows):
    kept, W = model
    vocabulary = {f: i for i, f in enumerate(kept)}
    return matrix(rows, vocabulary) @ W


def dev_figures(items, feats, model, value_names):
    scores = predict(model, [feats[i["id"]] for i in items])
    k = len(RESPONSE_TYPES)
    three = {"strong_support": "s", "mild_support": "s", "neutral_acknowledgment": "n", "no_values": "n",
             "reframing": "r", "mild_resistance": "r", "strong_resistance": "r"}
    hits7 = hits3 = 0
    tp = fp = fn = 0
    jb = {"tp": 0, "p": 0, "tn": 0, "n": 0}
    for row, item in zip(scores, items):
        predicted = RESPONSE_TYPES[int(np.argmax(row[:k]))]
        cats = {c for j, c in enumerate(CATEGORIES) if row[k + 1 + j] > 0}
        for label in item["labels"].values():
            hits7 += predicted == label["response_type"]
            hits3 += three[predicted] == three[label["response_type"]]
            gold = set(label["categories"])
            tp += len(cats & gold); fp += len(cats - gold); fn += len(gold - cats)
        if item.get("jbb_jailbroken") is not None:
            harmful = row[k] > 0
            if item["jbb_jailbroken"]:
                jb["p"] += 1; jb["tp"] += harmful
            else:
                jb["n"] += 1; jb["tn"] += not harmful
    n = 2 * len(items)
    balanced = (jb["tp"] / max(1, jb["p"]) + jb["tn"] / max(1, jb["n"])) / 2
    return {"rt7": hits7 / n, "rt3": hits3 / n, "cat_f1": 2 * tp / max(1, 2 * tp + fp + fn), "hc_ba_jbb": balanced}


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
    feats = features(path)
    # Value heads are chosen from the items a model is fitted on, so dev figures see no dev labels.
    tuning_values = frequent_values(train_items)
    best = None
    for strength in SETTINGS:
        figures = dev_figures(dev_items, feats, train(train_items, feats, strength, tuning_values), tuning_values)
        score = figures["rt7"] + figures["rt3"] + figures["cat_f1"] + figures["hc_ba_jbb"]
        print(f"L2 {strength}: " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))
        if best is None or score > best[0]:
            best = (score, strength)
    if "--train-only" in sys.argv:
        write(train(train_items, feats, best[1], tuning_values), tuning_values)
        return
    value_names = frequent_values(train_items + dev_items)
    print(f"chosen L2 {best[1]} on dev; {len(value_names)} value heads")
    if "--dev-only" in sys.argv:
        return
    write(train(train_items + dev_items, feats, best[1], value_names), value_names)


if __name__ == "__main__":
    main()
