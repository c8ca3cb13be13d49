"""Prove a speed change to the classifier left every answer as it was.

    .venv/bin/python benchmarks/check_classifier_equivalence.py record [--out DIR]
    .venv/bin/python benchmarks/check_classifier_equivalence.py check  [--out DIR]

`record` classifies every tool of the bundled snapshot (crawler.parsers.parse_path over
crawler.snapshot.snapshot_sources()) and of classifier/data/train.jsonl, and runs
classifier.poisoning.scan_detail over the planted and held-out poisoning sets
(tests/poisoning/*.jsonl) and over the same snapshot and training tools, and does both for the
labelled QA rounds and the held-out round (classifier/data/qa_labelled.jsonl, heldout.jsonl;
their scan also once more through scan() with the tool's schema key, twice over so the cached
answers are compared too); it writes the full
outputs as JSON under DIR (default /tmp/classifier_equivalence). `check` recomputes them and
compares byte for byte with what was recorded, with two allowed differences:

- `classifier_version` is removed first (it hashes the code, so any code change moves it);
- a classification whose new flags include "poisoning" may differ in `risk` only, and only
  upwards to "high" (poisoned tools get at least high risk; everything else must match).

Exit status 0 = identical, 1 = a difference (the first few are printed).

To compare with another commit without touching the work tree (e.g. when rule changes from
another branch land meanwhile): `git archive <commit> | tar -x -C /tmp/ref`, copy this script
into /tmp/ref/benchmarks/, run `record --out /tmp/eq_ref` there, then `check --out /tmp/eq_ref`
here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_OUT = Path("/tmp/classifier_equivalence")
POISON_FILES = (
    "planted.jsonl",
    "planted_holdout.jsonl",
    "planted_holdout2.jsonl",
    "planted_holdout3.jsonl",
    "planted_holdout4.jsonl",
    "planted_holdout5.jsonl",
)

QA_FILES = ("qa_labelled.jsonl", "heldout.jsonl")


def _snapshot_tools() -> list[Any]:
    from catalog.models import ToolInput
    from crawler.parsers import parse_path
    from crawler.snapshot import snapshot_sources

    out: list[ToolInput] = []
    for src in snapshot_sources():
        for rec in parse_path(src.name, src.path, src.format):
            for tool in rec.tools or ():
                out.append(ToolInput.from_definition(f"{src.name}/{rec.source_id}", tool))
    return out


def _jsonl_tools(path: Path) -> list[Any]:
    from catalog.models import ToolInput

    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [ToolInput.model_validate(r) for r in rows]


def compute() -> dict[str, list[Any]]:
    from classifier.engine import load_classifier
    from classifier.poisoning import scan_detail

    clf = load_classifier()
    snap = _snapshot_tools()
    train = _jsonl_tools(ROOT / "classifier/data/train.jsonl")
    poison = [t for name in POISON_FILES for t in _jsonl_tools(ROOT / "tests/poisoning" / name)]
    # the labelled QA rounds and the blind held-out round: real definitions of other servers
    qa = [t for name in QA_FILES for t in _jsonl_tools(ROOT / "classifier/data" / name)]

    def classify(tools: list[Any]) -> list[Any]:
        # one batch as the CLI does, then one tool at a time: both paths must agree
        many = [json.loads(c.model_dump_json()) for c in clf.classify_many(tools)]
        for c in many:
            c.pop("classifier_version", None)
        return many

    def scans(tools: list[Any]) -> list[Any]:
        out = []
        for t in tools:
            flagged, findings = scan_detail(t)
            out.append(
                {
                    "id": t.id,
                    "flagged": flagged,
                    "findings": [[strong, f.code, f.field, f.quote, f.why] for strong, f in findings],
                }
            )
        return out

    def scans_keyed(tools: list[Any]) -> list[Any]:
        # scan() as classify calls it, with the schema key the tool text made, and in a second
        # pass (every per-text and per-schema cache warm): both must give the recorded findings
        from classifier.poisoning import scan
        from classifier.text import ToolText

        keys = [ToolText.from_input(t).extra.get("schema_key") for t in tools]
        out = []
        for _ in range(2):
            out = [
                {"id": t.id, "findings": [[f.code, f.field, f.quote, f.why] for f in scan(t, k)]}
                for t, k in zip(tools, keys, strict=True)
            ]
        return out

    return {
        "snapshot_classify": classify(snap),
        "train_classify": classify(train),
        "train_classify_hidden": [
            {k: v for k, v in json.loads(c.model_dump_json()).items() if k != "classifier_version"}
            for c in clf.classify_many(train, hide_annotations=True)
        ],
        "poison_classify": classify(poison),
        "poison_scan": scans(poison),
        "snapshot_scan": scans(snap),
        "train_scan": scans(train),
        "qa_classify": classify(qa),
        "qa_scan": scans(qa),
        "qa_scan_keyed": scans_keyed(qa + poison),
    }


def _dump(v: Any) -> str:
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def _allowed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """The one intended change: a tool flagged poisoning is raised to at least high risk."""
    if "poisoning" not in (new.get("flags") or []):
        return False
    if new.get("risk") != "high" or old.get("risk") not in ("low", "medium"):
        return False
    return _dump({**old, "risk": None}) == _dump({**new, "risk": None})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("record", "check"))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    data = compute()
    if args.mode == "record":
        args.out.mkdir(parents=True, exist_ok=True)
        for name, rows in data.items():
            (args.out / f"{name}.json").write_text(_dump(rows), encoding="utf-8")
            print(f"recorded {name}: {len(rows)} rows")
        return 0
    bad = 0
    for name, rows in data.items():
        old_rows = json.loads((args.out / f"{name}.json").read_text(encoding="utf-8"))
        if len(old_rows) != len(rows):
            print(f"{name}: {len(old_rows)} rows recorded, {len(rows)} now")
            bad += 1
            continue
        same = allowed = 0
        for old, new in zip(old_rows, rows, strict=True):
            if _dump(old) == _dump(new):
                same += 1
            elif "classify" in name and _allowed(old, new):
                allowed += 1
            else:
                bad += 1
                if bad <= 5:
                    print(f"{name}: DIFFERENT {old.get('id')}\n  was {_dump(old)[:600]}\n  now {_dump(new)[:600]}")
        print(f"{name}: {same} identical, {allowed} poisoned tools raised to high risk, {len(rows) - same - allowed} different")
    print("EQUIVALENT" if bad == 0 else f"NOT EQUIVALENT ({bad} differences)")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
