"""Which records of a gold file the classifier was trained on (classifier/data/train.jsonl and
qa_labelled.jsonl).

`toolrisk eval` on the training data scores near 1.000: the model has seen those tools. The
overlap is counted two ways, because a copied tool keeps its text even when its id changes:
the same tool id, or the same definition text (tool name and description, whitespace aside).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CROSSVAL_HINT = "python -m classifier.crossval"
PROJECT_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Overlap:
    total: int  # gold records
    tools: int  # gold records also in the training data, by id or by text
    by_id: int
    by_text: int
    train_file: str

    def as_dict(self) -> dict[str, Any]:
        return {"tools": self.tools, "of": self.total, "by_id": self.by_id, "by_text": self.by_text,
                "train_file": self.train_file, "held_out": self.tools == 0,
                "honest_figures": CROSSVAL_HINT}

    def warning(self) -> str | None:
        if not self.tools:
            return None
        return (f"warning: {self.tools} of {self.total} gold tools are also in the classifier's training data "
                f"({self.train_file}: {self.by_id} by tool id, {self.by_text} by identical definition text); "
                f"scores on them are not held out. For held-out figures run: {CROSSVAL_HINT}")


def text_key(rec: dict[str, Any]) -> tuple[str, str] | None:
    """Tool name and description, whitespace collapsed; None without a description (a bare
    name such as `list_files` is shared by many unrelated tools)."""
    tool, desc = rec.get("tool"), rec.get("description")
    if not isinstance(tool, str) or not isinstance(desc, str) or not desc.strip():
        return None
    return tool.strip(), " ".join(desc.split())


def _train_keys(train_path: Path) -> tuple[set[str], set[tuple[str, str]]]:
    ids: set[str] = set()
    texts: set[tuple[str, str]] = set()
    with train_path.open("rb") as fh:
        for raw in fh:
            try:
                rec = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue  # our own file; the trainer reports a broken line, not eval
            if not isinstance(rec, dict):
                continue
            if isinstance(rec.get("id"), str):
                ids.add(rec["id"])
            key = text_key(rec)
            if key is not None:
                texts.add(key)
    return ids, texts


def training_overlap(gold: Sequence[dict[str, Any]], train_path: Path | Sequence[Path] | None = None) -> Overlap:
    if train_path is None:
        from classifier.model import TRAIN_PATHS

        train_path = TRAIN_PATHS
    paths = [train_path] if isinstance(train_path, Path) else list(train_path)
    ids: set[str] = set()
    texts: set[tuple[str, str]] = set()
    for p in paths:
        if p.is_file():
            i, t = _train_keys(p)
            ids |= i
            texts |= t
    by_id = by_text = either = 0
    for rec in gold:
        hit_id = isinstance(rec.get("id"), str) and rec["id"] in ids
        hit_text = text_key(rec) in texts
        by_id += hit_id
        by_text += hit_text
        either += hit_id or hit_text
    names = []
    for p in paths:
        if not p.is_file() and names:
            continue  # an optional extra file that is not there
        shown = p.as_posix()
        with contextlib.suppress(ValueError):  # inside the project: the path its docs use
            shown = p.resolve().relative_to(PROJECT_DIR).as_posix()
        names.append(shown)
    return Overlap(total=len(gold), tools=either, by_id=by_id, by_text=by_text, train_file=" + ".join(names))


__all__ = ["CROSSVAL_HINT", "Overlap", "text_key", "training_overlap"]
