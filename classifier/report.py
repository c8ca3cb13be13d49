"""Write the published accuracy page: `python -m classifier.report --out site/docs/methodology-accuracy.md`.

Figures come from grouped-by-server cross-validation of the bundled labelled data (a model
never sees the servers it is scored on), with annotations visible and hidden, the blind held-out
figures of the QA rounds, plus the measured precision of every rule. Deterministic: the same data and code give the same page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from catalog.models import ACTIONS, RISKS
from classifier.crossval import DEFAULT_FOLDS, crossval
from classifier.model import HELDOUT_PATH, model_version
from classifier.rule_stats import measure
from classifier.rules import RULES
from classifier.train import QA_WEIGHT, load_records, to_input

# Targets of issue 6 (checked again on unseen servers).
TARGETS = [
    ("Action macro-F1, annotations visible", ("with_annotations", "action_macro"), ">=", 0.92),
    ("Action macro-F1, annotations hidden", ("annotations_hidden", "action_macro"), ">=", 0.85),
    ("Execute F1, annotations visible", ("with_annotations", "execute_f1"), ">=", 0.85),
    ("Execute F1, annotations hidden", ("annotations_hidden", "execute_f1"), ">=", 0.85),
    ("Risk macro-F1, annotations visible", ("with_annotations", "risk_macro"), ">=", 0.70),
    ("Risk macro-F1, annotations hidden", ("annotations_hidden", "risk_macro"), ">=", 0.70),
    ("Recall of critical, annotations hidden", ("annotations_hidden", "critical_recall"), ">=", 0.90),
    ("Risk under-rated by 2+ levels, annotations hidden", ("annotations_hidden", "under2"), "<=", 0.01),
]


# Blind QA rounds: a fresh stratified sample of tools from servers in none of the labelled data,
# each tool labelled blind from its definition before toolrisk's output was looked at, scored against
# the classifier as committed before the round's fixes (annotations visible; these servers set almost
# none, so hidden gives the same figures). "adjudicated": after the disagreements were re-judged by the
# rubric (the label changed where the classifier was right). Not repeatable afterwards: the round's
# fixes were made on these tools and their labels are now in classifier/data/qa_labelled.jsonl.
HELD_OUT = [
    # (round, tools, servers, labels, action macro-F1, Execute F1, risk macro-F1, critical recall, under-rated 2+)
    ("2", 200, 93, "blind", 0.757, 0.519, 0.718, 0.750, 0.055),
    ("2", 200, 93, "adjudicated", 0.757, 0.519, 0.755, 0.667, 0.055),
    ("3", 250, 118, "blind", 0.836, 0.700, 0.653, 0.500, 0.064),
    ("3", 250, 118, "adjudicated", 0.845, 0.700, 0.745, 0.522, 0.064),
    ("4a", 200, 101, "blind", 0.830, 0.757, 0.661, 0.727, 0.030),
    ("4a", 200, 101, "adjudicated", 0.836, 0.757, 0.709, 0.727, 0.030),
    ("4b", 200, 91, "blind", 0.821, 0.643, 0.634, 0.429, 0.030),
    ("4b", 200, 91, "adjudicated", 0.833, 0.667, 0.708, 0.500, 0.030),
    ("5a", 150, 75, "blind", 0.883, 0.828, 0.673, 0.700, 0.013),
    ("5a", 150, 75, "adjudicated", 0.888, 0.828, 0.712, 0.700, 0.013),
    ("5b", 150, 71, "blind", 0.836, 0.714, 0.657, 0.700, 0.040),
    ("5b", 150, 71, "adjudicated", 0.836, 0.714, 0.667, 0.700, 0.040),
    ("6a", 150, 72, "blind", 0.785, 0.516, 0.740, 0.750, 0.080),
    ("6a", 150, 72, "adjudicated", 0.785, 0.516, 0.744, 0.750, 0.080),
    ("6b", 150, 70, "blind", 0.834, 0.667, 0.787, 1.000, 0.027),
    ("6b", 150, 70, "adjudicated", 0.834, 0.667, 0.805, 1.000, 0.027),
    ("7a", 150, 71, "blind", 0.850, 0.778, 0.667, 0.500, 0.033),
    ("7a", 150, 71, "adjudicated", 0.857, 0.778, 0.694, 0.500, 0.033),
    ("7b", 150, 66, "blind", 0.879, 0.800, 0.805, 1.000, 0.013),
    ("7b", 150, 66, "adjudicated", 0.879, 0.800, 0.805, 1.000, 0.013),
    # 8c: servers with full input schemas from their public repositories (the others are snapshot samples)
    ("8c", 145, 44, "blind", 0.829, 0.703, 0.651, 0.556, 0.055),
    ("8c", 145, 44, "adjudicated", 0.821, 0.684, 0.642, 0.500, 0.062),
    ("8e", 141, 44, "blind", 0.838, 0.714, 0.719, 0.636, 0.021),
    ("8e", 141, 44, "adjudicated", 0.832, 0.714, 0.728, 0.636, 0.021),
    ("8f", 135, 42, "blind", 0.833, 0.696, 0.684, 0.286, 0.052),
    ("8f", 135, 42, "adjudicated", 0.833, 0.696, 0.684, 0.286, 0.052),
    # 8d and 8g were held out through round 8 and fixed on after it: measured at 1668ff1, before their fixes
    ("8d", 155, 46, "blind", 0.910, 0.849, 0.727, 0.333, 0.013),
    ("8g", 95, 24, "blind", 0.963, 1.000, 0.499, 0.000, 0.042),
    # 8h and 8i: drawn after the 8d/8g fixes of d43b4ec and measured on it, then fixed on
    ("8h", 157, 40, "blind", 0.831, 0.667, 0.587, 0.312, 0.038),
    ("8i", 134, 40, "blind", 0.867, 0.750, 0.779, 1.000, 0.022),
    # 8j and 8k: drawn after every fix of 8d to 8i, measured on acda4ed (model retrained with 8d-8i), then fixed on
    ("8j", 143, 40, "blind", 0.860, 0.720, 0.711, 0.571, 0.042),
    ("8k", 148, 41, "blind", 0.853, 0.692, 0.538, 0.000, 0.013),
    # 8l and 8m: drawn after every fix of 8c to 8k, held out for one stop, measured at 62f3f69, then fixed on
    ("8l", 145, 40, "blind", 0.840, 0.609, 0.715, 0.583, 0.021),
    ("8m", 148, 41, "blind", 0.936, 0.895, 0.800, 0.500, 0.007),
    # 8n and 8o: drawn at the start of stop 18, measured at acbe10a (the 8l/8m fixes in), then fixed on
    ("8n", 142, 40, "blind", 0.867, 0.700, 0.675, 0.444, 0.056),
    ("8o", 159, 43, "blind", 0.826, 0.556, 0.792, 1.000, 0.013),
    # 8r and 8s: drawn at the start of stop 19, scored on b9630b0 (before the word-piece vector block was
    # added to the model) and on 0b59e30 (the block in, the last commit before any fix from them), then fixed on
    ("8r+8s", 270, 80, "blind, before the block", 0.901, 0.800, 0.728, 0.545, 0.011),
    ("8r+8s", 270, 80, "blind, 0b59e30", 0.923, 0.850, 0.750, 0.545, 0.007),
    # 8t (drawn with 8u at the start of stop 20): scored on faba7ad, which holds every fix from 8r/8s, then fixed on
    ("8t", 137, 40, "blind", 0.957, 0.947, 0.610, 0.385, 0.022),
    # 8p, 8u and 8v (held out until stop 21) and the fresh 8w/8x (drawn at the start of stop 21): all scored on
    # 03420e9, the last commit before any fix of stop 21, then fixed on
    ("8p", 151, 40, "blind", 0.843, 0.686, 0.739, 0.700, 0.033),
    ("8u", 167, 49, "blind", 0.874, 0.750, 0.591, 0.000, 0.012),
    ("8v", 111, 38, "blind", 0.867, 0.700, 0.661, 0.455, 0.045),
    ("8w", 113, 40, "blind", 0.893, 0.828, 0.829, 1.000, 0.018),
    ("8x", 131, 41, "blind", 0.927, 0.849, 0.799, 0.842, 0.023),
    # 8y and 8z: drawn during stop 21, scored on c8e0dee (every fix of stop 21), held out until stop 22, then fixed on
    ("8y+8z", 253, 81, "blind", 0.853, 0.702, 0.742, 0.786, 0.004),
    # 9a, 9b and 9c: drawn at the start of stop 22, scored on 5454fa4 (every fix from 8y/8z), then fixed on
    ("9a+9b+9c", 328, 108, "blind", 0.919, 0.844, 0.675, 0.750, 0.012),
    # 9d and 9e: drawn during stop 22, scored on 526e651 (every fix of stop 22), held out until stop 23, then fixed on
    ("9d+9e", 257, 71, "blind", 0.959, 0.923, 0.775, 0.750, 0.000),
    # 9f and 9g: drawn at the start of stop 23, scored on 8bc99a1 (the last commit before any fix of stop 23), then
    # fixed on
    ("9f+9g", 273, 72, "blind", 0.913, 0.873, 0.685, 0.744, 0.037),
    # 9h and 9i: drawn during stop 23, scored on bf103c4 (every fix of stop 23), held out until stop 24, then fixed on
    ("9h+9i", 188, 51, "blind", 0.873, 0.806, 0.731, 0.615, 0.032),
    # 9j, 9k and 9l: drawn at the start of stop 24, scored on a528916 (every fix from 9h/9i), then fixed on
    ("9j+9k+9l", 407, 109, "blind", 0.926, 0.861, 0.785, 0.690, 0.010),
    # 9m, 9n and 9o: drawn during stop 24, scored on d6e084e (every fix of stop 24), held out until stop 25, then
    # fixed on
    ("9m+9n+9o", 384, 101, "blind", 0.905, 0.818, 0.744, 0.591, 0.018),
    # 9p, 9q and 9r: drawn at the start of stop 25, scored on c36b121 (every fix from 9m/9n/9o), then fixed on
    ("9p+9q+9r", 430, 115, "blind", 0.858, 0.717, 0.630, 0.483, 0.028),
    # 9s, 9t and 9u: drawn during stop 25, scored on 2fe8941 (every fix of stop 25), held out until stop 26, then
    # fixed on
    ("9s+9t+9u", 423, 117, "blind", 0.886, 0.781, 0.643, 0.641, 0.033),
    # 9v, 9w and 9x: drawn during stop 26, scored on 23310ac (every fix from 9s/9t/9u), held out until stop 27, then
    # fixed on (their gold as labelled, before the stop-27 read rows relabelled 72 of their reads)
    ("9v+9w+9x", 415, 116, "blind", 0.912, 0.857, 0.673, 0.610, 0.027),
    # 9y, 9z, 10a and 10b: drawn during stop 27, scored on 52f275c (every fix from 9v/9w/9x, the read rows and the
    # model retrained with them), held out until stop 28, then fixed on; risk macro-F1 as labelled, then with the
    # read-row pass's 23 relabelled reads
    ("9y+9z+10a+10b", 554, 147, "blind", 0.896, 0.817, 0.729, 0.736, 0.013),
    ("9y+9z+10a+10b", 554, 147, "blind, read rows applied", 0.896, 0.817, 0.744, 0.736, 0.013),
    # 10c, 10d, 10e and 10f: drawn during stop 28 by labellers who had read the read rows, scored on 734857e (every
    # fix from 9y to 10b), held out until stop 29, then fixed on
    ("10c+10d+10e+10f", 565, 157, "blind", 0.908, 0.842, 0.709, 0.692, 0.021),
    # 10g, 10h, 10i and 10j: drawn at the start of stop 29, scored on 6697643 (every fix from 10c to 10f), held out
    # until stop 30, then fixed on
    ("10g+10h+10i+10j", 561, 158, "blind", 0.924, 0.854, 0.744, 0.717, 0.016),
    # 10k, 10l and 10n: drawn during stop 29 (cut short), scored on 6697643 and again on 3e4d9b7 (every fix from 10g to
    # 10j; the row), held out until stop 30, then fixed on
    ("10k+10l+10n", 153, 41, "blind", 0.863, 0.732, 0.720, 0.588, 0.033),
    # 10o and 10p: drawn at the start of stop 30, scored on f83f29b (every fix from 10g to 10n), then fixed on
    ("10o+10p", 264, 73, "blind", 0.874, 0.775, 0.719, 0.600, 0.027),
    # 10m, 10q, 10r, 10s and 10t: scored on the same commit, held out through stop 30, fixed on at stop 31
    ("10m+10q+10r+10s+10t", 574, 153, "blind, f83f29b", 0.908, 0.791, 0.710, 0.617, 0.017),
    # 10u to 10z: drawn at the start of stop 31, scored side by side without and with the model's critical floor
    # (still held out: re-measured live below)
    ("10u+10v+10w+10x+10y+10z", 750, 214, "blind, bc1003f (no floor)", 0.899, 0.852, 0.722, 0.684, 0.024),
    ("10u+10v+10w+10x+10y+10z", 750, 214, "blind, be4657c", 0.899, 0.852, 0.722, 0.722, 0.024),
    # 11a to 11f: drawn at the start of stop 32, scored side by side on the classifier of stop 31 and on the commit with
    # the fixes from 10u to 10z (the same answers on both)
    ("11a+11b+11c+11d+11e+11f", 800, 220, "blind, 8bb2246 and 23d6715", 0.898, 0.782, 0.699, 0.692, 0.0125),
    # the parts not fixed on are classifier/data/heldout.jsonl, re-measured live below
]


# The same tools labelled twice, blind, by two separate runs of the labelling process (the rubric, its decided edge
# cases and the earlier rounds' precedents; neither run saw the other's labels or the classifier's output), scored
# like the classifier: the second labelling against the first. Beside it, the classifier against the first labelling,
# as it was before any fix from that round. For train.jsonl the "first labelling" is the original annotator's, and
# the classifier is the fit without the sample's 17 servers (its rules were written with train.jsonl in view).
# (set, tools, servers, second labelling: action mF1, Execute F1, risk mF1, critical recall, under-rated 2+,
#  classifier: the same five)
AGREEMENT = [
    ("train.jsonl sample", 113, 17, (0.968, 0.941, 0.977, 1.000, 0.000), (0.975, 0.970, 0.975, 1.000, 0.000)),
    ("8l", 145, 40, (0.921, 0.818, 0.917, 0.917, 0.000), (0.840, 0.609, 0.715, 0.583, 0.021)),
    ("8m", 148, 41, (1.000, 1.000, 0.995, 1.000, 0.000), (0.936, 0.895, 0.800, 0.500, 0.007)),
    ("8n", 142, 40, (1.000, 1.000, 0.926, 0.889, 0.000), (0.867, 0.700, 0.675, 0.444, 0.056)),
    ("8o", 159, 43, (1.000, 1.000, 0.936, 1.000, 0.000), (0.826, 0.556, 0.792, 1.000, 0.013)),
]


def _agreement() -> list[str]:
    lines = [
        "## How far two labellings agree",
        "",
        "Every figure on this page is measured against labels, and labels are judgements. To see how much "
        "of the gap to the targets is the labels' own noise, five sets were labelled a second time, blind, "
        "by a separate run of the same labelling process: a sample of `train.jsonl` (the second labelling "
        "compared with the original annotator's) and rounds 8l to 8o (compared with the first labelling). "
        "The second labelling reproduces the first almost exactly on action (macro-F1 0.92 to 1.00) and "
        "closely on risk (0.92 to 1.00), and it reproduces the original annotator's labels (0.97 action, "
        "0.98 risk). The classifier, scored against the same first labels before any fix from that round, "
        "is well below that on the repository rounds, so **the gap to the targets there is the "
        "classifier's, not label noise**. On the original annotator's servers the classifier is level "
        "with a second labelling. Two runs of one labelling process are not two independent "
        "people: their agreement is an upper bound on what independent labellers would reach. (The second "
        "run on 8m saw a few general lines of the first run's notes before it labelled; on the 121 tools "
        "those lines do not touch the figures are the same.)",
        "",
        "| set | tools | labelled twice: action macro-F1 · Execute F1 · risk macro-F1 · critical recall · "
        "under-rated 2+ | classifier (before that round's fixes): the same |",
        "|---|---:|---|---|",
    ]
    for name, tools, servers, two, clf in AGREEMENT:
        cells = []
        for am, ex, rm, cr, u2 in (two, clf):
            cells.append(f"{am:.3f} · {ex:.3f} · {rm:.3f} · {cr:.3f} · {u2 * 100:.1f} %")
        lines.append(f"| {name} | {tools} tools of {servers} servers | {cells[0]} | {cells[1]} |")
    lines.append("")
    return lines


def _held_out() -> list[str]:
    lines = [
        "## Measured on servers the classifier never saw",
        "",
        "Cross-validation cannot see what the rules learned from the labelled set, so each QA round "
        "measures the classifier on a fresh sample: tools of servers in none of the labelled data "
        "(at most 3 per server, 4 in rounds 8c to 9o, spread over kinds of server), **labelled blind before looking at its "
        "output**, scored against the classifier as it was committed before the round. Then the "
        "disagreements are re-judged by the rubric (*adjudicated*: the label changes where the "
        "classifier was right) and the round's fixes land; the round's tools become labelled data, so "
        "its figures cannot be measured again. Most of these servers set no annotations, so the "
        "figures with annotations hidden barely differ (in rounds 3 to 5 they were identical). Rounds 4 "
        "to 7 were measured in two halves on disjoint sets of servers. Rounds 2 to 8b sample the bundled "
        "index snapshot, whose unlabelled servers are now used up (the last ones carry no input schemas); "
        "rounds 8c to 9o were collected from servers' public GitHub repositories instead (full input "
        "schemas, a third with annotations; cloud, Kubernetes, databases, monitoring, payments and the "
        "like), which is what most agents are connected to, and they score lower. Rounds 8c to 8o "
        "were measured and then fixed on (fixes made from 8e alone moved 8f's action macro-F1 by 0.006 and "
        "nothing else; the fixes made from 8d and 8g raised 8h's critical recall from 4 to 5 of 16, and "
        "everything fixed from 8d to 8i left 8j's figures unchanged to the digit, and the fixes from 8l to 8o "
        "moved 8p/8q within noise (action macro-F1 0.834 to 0.824, risk 0.739 to 0.750, critical 13 to 14 of 20): "
        "misses on unseen servers are a long tail; 8d and 8g had stayed unfixed through several rounds, so "
        "their rows are the classifier of commit 1668ff1; the fixes from 8r and 8s left 8t and 8u within "
        "0.01 on every figure, measured before and after them; 8t was then fixed on, and its fixes raised 8v's "
        "risk macro-F1 from 0.644 to 0.661 and nothing else; the fixes of stop 21, made from 8p, 8u and 8v, left the "
        "fresh 8w unchanged to the digit and moved 8x by one tool, a model refit's noise; all of stop 21's fixes, "
        "from 8p to 8x, moved the fresh 8y+8z (254 tools) from action macro-F1 0.850 to 0.854, Execute F1 0.691 to "
        "0.702, risk 0.746 to 0.742, critical 11 of 14 both, under-rated 2+ from 3 tools to 1; 8y and 8z were then "
        "fixed on at stop 22, and so were 9a to 9c, whose figures those fixes left unchanged but for one tool; 9d and "
        "9e, drawn during stop 22 and scored on the commit that holds all of its fixes, and the fresh 9f and 9g, "
        "drawn at the start of stop 23 and scored on its last commit before any fix, were fixed on at stop 23; 9h "
        "and 9i, drawn during stop 23 and scored on the commit that holds all of its fixes, were fixed on at stop "
        "24, and so were the fresh 9j to 9l, scored on that stop's commit with the fixes from 9h/9i; 9m to 9o, "
        "drawn at stop 24 after all of its fixes and scored on its last commit, were fixed on at stop 25, and so "
        "were the fresh 9p to 9r, scored on that stop's commit with the fixes from 9m to 9o; 9s to 9u, drawn "
        "during stop 25 and scored on its commit with the fixes from 9m to 9r, were fixed on at stop 26; 9v to 9x, "
        "drawn during stop 26 and scored on its commit with the fixes from 9s to 9u, were fixed on at stop 27; 9y to "
        "10b, drawn during stop 27 and scored on its commit with the fixes from 9v to 9x and the rubric's read rows "
        "(their read risks checked against those rows by separate blind helpers, 23 of 554 changed), were fixed on "
        "at stop 28; 10c to 10f, drawn during stop 28 by labellers who had read the rubric's read rows and scored on "
        "the commit that holds the fixes from 9y to 10b, were fixed on at stop 29; 10g to 10j, drawn at the start of "
        "stop 29 and scored on the commit that holds the fixes from 10c to 10f, were fixed on at stop 30, and so were "
        "10k, 10l and 10n, drawn during stop 29 and scored on that commit and again on the one with the fixes from 10g "
        "to 10j, and 10o and 10p, drawn at the start of stop 30 and scored on the commit with the fixes from 10g to "
        "10n; 10m and 10q to 10t, scored on that same commit, were fixed on at stop 31; 10u to 10z, drawn at the start "
        "of stop 31 and scored side by side on the commit before and the one after the model's critical floor for "
        "Execute tools, were fixed on at stop 32); 8a, 8b, 8q and 11a to 11f (drawn at the start of stop 32 and scored "
        "side by side on the commit before and the one after the fixes from 10u to 10z) were never fixed on: "
        "their blind labels "
        "are kept apart in `classifier/data/heldout.jsonl`, so `toolrisk eval --gold "
        "classifier/data/heldout.jsonl` re-measures any later classifier on servers it never saw; the "
        "last rows are this page's classifier, measured when the page was made.",
        "",
        "| round | measured on | labels | action macro-F1 | Execute F1 | risk macro-F1 | "
        "critical recall | under-rated 2+ |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for rnd, tools, servers, labels, am, ex, rm, cr, u2 in HELD_OUT:
        lines.append(
            f"| {rnd} | {tools} tools of {servers} servers the classifier never saw | {labels} | {am:.3f} | "
            f"{ex:.3f} | {rm:.3f} | {cr:.3f} | {u2 * 100:.1f} % |"
        )
    lines += _heldout_live()
    lines += [
        "",
        "These are the best estimate of accuracy on servers nobody here has seen, and they are below "
        "the cross-validated figures and below several targets: expect Execute and critical tools on "
        "unfamiliar servers to be missed more often than the figures above suggest.",
        "",
    ]
    return lines


def _heldout_live() -> list[str]:
    """Rows for this classifier on heldout.jsonl, per half and together (annotations as given)."""
    from classifier import load_classifier
    from classifier.evaluate import metrics

    records = load_records(HELDOUT_PATH)
    clf = load_classifier()
    preds = clf.classify_many([to_input(r) for r in records])
    halves: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        halves.setdefault(str(r.get("qa_round") or "?"), []).append(i)
    groups = sorted(halves.items())
    if len(groups) > 1:
        groups.append(("+".join(name for name, _ in groups), list(range(len(records)))))
    rows = []
    for name, idx in groups:
        rep = metrics([records[i] for i in idx], [preds[i] for i in idx])
        servers = len({records[i]["server"] for i in idx})
        rows.append(
            f"| {name} | {len(idx)} tools of {servers} servers the classifier never saw | blind, "
            f"`{clf.version}` | {_figure(rep, 'action_macro'):.3f} | {_figure(rep, 'execute_f1'):.3f} | "
            f"{_figure(rep, 'risk_macro'):.3f} | {_f(rep['critical_recall'])} | "
            f"{_figure(rep, 'under2') * 100:.1f} % |"
        )
    return rows


def _figure(rep: dict[str, Any], key: str) -> float:
    return {
        "action_macro": rep["action"]["macro_f1"],
        "execute_f1": rep["action"]["per_class"]["Execute"]["f1"],
        "risk_macro": rep["risk"]["macro_f1"],
        "critical_recall": rep["critical_recall"] or 0.0,
        "under2": rep["underrated_2plus"],
    }[key]


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _per_class(rep: dict[str, Any], key: str, labels: tuple[str, ...]) -> list[str]:
    lines = ["| class | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    for k in labels:
        c = rep[key]["per_class"][k]
        lines.append(f"| {k} | {_f(c['precision'])} | {_f(c['recall'])} | {_f(c['f1'])} | {c['support']} |")
    return lines


def _confusion(rep: dict[str, Any], key: str, labels: tuple[str, ...]) -> list[str]:
    lines = ["| gold \\ predicted | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    for g in labels:
        lines.append(f"| **{g}** | " + " | ".join(str(rep[key]["confusion"][g][p]) for p in labels) + " |")
    return lines


def _reliability(rep: dict[str, Any]) -> list[str]:
    lines = ["| confidence bin | tools | mean confidence | observed accuracy |", "|---|---:|---:|---:|"]
    for row in rep["reliability"]:
        if row["n"]:
            lines.append(
                f"| {row['bin']} | {row['n']} | {_f(row['mean_confidence'])} | {_f(row['accuracy'])} |"
            )
    lines.append("")
    lines.append(f"Expected calibration error: {rep['ece']:.3f}.")
    return lines


def _section(title: str, rep: dict[str, Any]) -> list[str]:
    out = [f"## {title}", ""]
    out.append(
        f"Action: accuracy **{rep['action']['accuracy']:.3f}**, macro-F1 **{rep['action']['macro_f1']:.3f}**. "
        f"Risk: accuracy **{rep['risk']['accuracy']:.3f}**, macro-F1 **{rep['risk']['macro_f1']:.3f}**. "
        f"Recall of `critical`: **{_f(rep['critical_recall'])}** ({rep['critical_support']} critical tools). "
        f"Risk under-rated by two or more levels: **{rep['underrated_2plus'] * 100:.2f} %** "
        f"({rep['underrated_2plus_count']} tools)."
    )
    out += ["", "### Action per class", "", *_per_class(rep, "action", ACTIONS), ""]
    out += ["### Action confusion matrix", "", *_confusion(rep, "action", ACTIONS), ""]
    out += ["### Risk per class", "", *_per_class(rep, "risk", RISKS), ""]
    out += ["### Risk confusion matrix", "", *_confusion(rep, "risk", RISKS), ""]
    out += ["### Reliability (is the confidence honest?)", "", *_reliability(rep), ""]
    return out


def render(folds: int = DEFAULT_FOLDS) -> str:
    rep = crossval(folds)
    base = crossval(folds, use_model=False)
    orig = rep["original"]
    records = load_records()
    stats = measure(records)
    lines = [
        "# How accurate is the classification?",
        "",
        "<!-- generated by `python -m classifier.report`; do not edit by hand -->",
        "",
        "Every tool in the catalog gets an **action** (Read / Write / Execute), a **risk** "
        "(low / medium / high / critical), flags, a confidence and quoted evidence. We publish "
        "how often those labels are right, measured the honest way: **grouped-by-server "
        f"cross-validation** ({folds} folds). Tools of one server share naming and wording, so "
        "a random split would flatter us; here the model is always scored on servers it never saw.",
        "",
        f"- Labelled data: {rep['tools']} real MCP tool definitions from {rep['servers']} servers, "
        "labelled by the rubric below: "
        f"{orig['tools']} from {orig['servers']} servers in `classifier/data/train.jsonl`, and "
        f"{rep['tools'] - orig['tools']} from {rep['servers'] - orig['servers']} more servers labelled blind "
        "in QA rounds (`classifier/data/qa_labelled.jsonl`). Folds are grouped by server over both; the "
        "targets table gives the figures of all tools and of the `train.jsonl` tools alone.",
        f"- Model: `{model_version()}` (TF-IDF of name tokens, title, first sentence, description, "
        "schema property names/types/enums, declared hints and rule hits, next to a 384-dim block: the "
        "idf-weighted mean of all-MiniLM-L6-v2's word-piece input embeddings over name, title, "
        "description head and argument names, so words no labelled tool used still count; logistic "
        "regression), "
        "trained deterministically on `train.jsonl` with each QA label weighing "
        f"{QA_WEIGHT:g} of an original one (why: `classifier/data/SOURCE.md`), plus hand-written rules for what "
        "must never be missed.",
        "- **Annotations visible**: the server's own MCP hints (`readOnlyHint`, ...) are used as "
        "evidence. **Annotations hidden**: the same tools with their hints removed — the case of "
        "most servers, which set none.",
        "- Human corrections (`classifier/overrides.yaml`) are *not* counted here: they fix known "
        "tools and do not generalise.",
        "",
        "## Targets",
        "",
        f"| target | all {rep['tools']} tools | `train.jsonl` {orig['tools']} tools | goal | met (all) |",
        "|---|---:|---:|---:|:---:|",
    ]
    for label, (mode, key), op, goal in TARGETS:
        value = _figure(rep[mode], key)
        value_o = _figure(orig[mode], key)
        ok = value >= goal if op == ">=" else value <= goal
        shown, shown_o = (f"{v * 100:.2f} %" if key == "under2" else f"{v:.3f}" for v in (value, value_o))
        goal_s = f"{goal * 100:.0f} %" if key == "under2" else f"{goal:.2f}"
        lines.append(f"| {label} | {shown} | {shown_o} | {op} {goal_s} | {'yes' if ok else 'no'} |")
    lines += [
        "",
        "For comparison, on the same folds: rules and verb heuristics alone (no model, so nothing "
        "is held out) reach action "
        f"macro-F1 {base['with_annotations']['action']['macro_f1']:.3f} with annotations and "
        f"{base['annotations_hidden']['action']['macro_f1']:.3f} without; risk macro-F1 "
        f"{base['annotations_hidden']['risk']['macro_f1']:.3f} without annotations. A keyword rule "
        "scored action macro-F1 0.46 and annotations alone 0.64 (Execute never found) on a "
        "held-out set of real servers.",
        "",
        "**Read these figures with care.** The model is scored out-of-fold, but the hand-written "
        "rules and verb lists were written with this labelled set in view, so their share of the "
        "score is in-sample; on unseen servers expect lower figures, above all for Execute and "
        "risk. "
        "On the QA-round tools the figures flatter even more, as the rules were fixed on them; the figures that count "
        "for unseen servers are the blind ones in the next section. "
        f"These figures are an estimate on {rep['servers']} servers labelled by one annotator; the Execute and "
        "critical classes are small (see the supports), so a single tool moves their scores by "
        "a point or more. Tools on servers unlike any in the training set will do worse.",
        "",
    ]
    lines += _held_out()
    lines += _agreement()
    con = rep["contradictions"]
    lines += [
        "## Declared versus inferred",
        "",
        "A tool is marked *contradicts declared* when our action disagrees with the server's "
        f"`readOnlyHint`. In cross-validation it was marked on {con['flagged']} tools; the labels "
        f"overrule the hint on {con['gold_contradictions']} tools (blanket `readOnlyHint:false` on reads, "
        "and executing tools declared read-only), and "
        f"{con['flagged_and_gold']} of those were marked.",
        "",
    ]
    lines += _section("Annotations visible", rep["with_annotations"])
    lines += _section("Annotations hidden", rep["annotations_hidden"])
    lines += [
        "## Rules and their measured precision",
        "",
        "Rules catch what must never be missed (code execution, money movement, secrets, bulk or "
        "irreversible deletion). Precision = share of the tools a rule fires on whose label agrees "
        "with what the rule asserts (its action, and a risk at least its floor), measured on the "
        "labelled data with annotations hidden. Rules that never fire on the labelled data are "
        "kept for the rubric's sake and marked –.",
        "",
        "| rule | what it catches | fires | action precision | risk precision |",
        "|---|---|---:|---:|---:|",
    ]
    for r in RULES:
        s = stats[r.id]
        lines.append(
            f"| `{r.id}` | {r.why} | {s['fired']} | {_f(s['action_precision'])} | {_f(s['risk_precision'])} |"
        )
    lines += [
        "",
        "## The rubric",
        "",
        "- **Execute** when the tool's main effect is to run something: caller-supplied code, shell "
        "commands or write queries; browser automation acting on a page; starting builds, pipelines, "
        "workflows, jobs or AI-agent/LLM runs; installing software. **Read** when it only reads or "
        "computes. **Write** otherwise. A tool whose argument selects the operation (`action`, "
        "`method`, ...) takes the highest class of its operations, each shown separately.",
        "- **Risk** is the worst plausible harm of one call by a confused or prompt-injected agent: "
        "critical = arbitrary code/query execution, moving money, creating secrets, losing a whole "
        "data store, deploying code; high = other execution, destructive changes to shared state, "
        "infrastructure, access control, messages to people, billing objects, reading secret values; "
        "medium = reversible shared writes, local destructive edits, sensitive or open-web reads; "
        "low = everything else that only reads or computes.",
        "- Annotations are hints from an untrusted server: strong evidence, never the answer. When "
        "our answer disagrees with them the tool is marked *contradicts declared*.",
        "",
        "Found a wrong label? Send a correction to `classifier/overrides.yaml` (tool id, label, "
        "reason) as a pull request; it is shown on the tool's page as a correction.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("site/docs/methodology-accuracy.md"))
    ap.add_argument("--folds", type=int, default=DEFAULT_FOLDS)
    args = ap.parse_args(argv)
    text = render(args.folds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
