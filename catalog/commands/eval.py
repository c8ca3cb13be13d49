"""`toolrisk eval --gold FILE.jsonl`: accuracy of the classifier against labelled records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from catalog.errors import BadInput
from catalog.models import ACTIONS, RISKS
from catalog.trainoverlap import training_overlap


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Labelled records: the standalone input fields plus `action` and `risk`."""
    if not path.is_file():
        raise BadInput(f"--gold {path}: no such file")
    records: list[dict[str, Any]] = []
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                raise BadInput(f"--gold {path}: line {n}: not valid JSON") from None
            if not isinstance(rec, dict):
                raise BadInput(f"--gold {path}: line {n}: expected a JSON object")
            if rec.get("action") not in ACTIONS:
                raise BadInput(f"--gold {path}: line {n}: field 'action' must be one of {', '.join(ACTIONS)}")
            if rec.get("risk") not in RISKS:
                raise BadInput(f"--gold {path}: line {n}: field 'risk' must be one of {', '.join(RISKS)}")
            records.append(rec)
    if not records:
        raise BadInput(f"--gold {path}: no labelled records")
    return records


def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="labelled JSONL (standalone records + action + risk)")],
    hide_annotations: Annotated[
        bool, typer.Option("--hide-annotations", help="classify as if the servers set no annotations")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the figures as JSON")] = False,
) -> None:
    """Accuracy report: per-class precision/recall/F1, macro-F1, confusion, critical recall, calibration."""
    from pydantic import ValidationError

    from catalog.models import ToolInput
    from classifier import load_classifier
    from classifier.evaluate import format_report, metrics

    records = read_gold(gold)
    inputs = []
    for n, rec in enumerate(records, start=1):
        try:
            inputs.append(ToolInput.model_validate(rec))
        except (ValidationError, ValueError) as exc:
            first = str(exc).splitlines()
            raise BadInput(f"--gold {gold}: record {n}: {first[1] if len(first) > 1 else first[0]}") from None
    clf = load_classifier()
    preds = clf.classify_many(inputs, hide_annotations=hide_annotations)
    rep = metrics(records, preds)
    rep["classifier_version"] = clf.version
    rep["hide_annotations"] = hide_annotations
    # Scores on tools the model was trained on are in-sample (near 1.000): say so, every time.
    overlap = training_overlap(records)
    rep["training_overlap"] = overlap.as_dict()
    if (warning := overlap.warning()) is not None:
        typer.echo(f"toolrisk: {warning}", err=True)
    if as_json:
        typer.echo(json.dumps(rep, indent=2))
    else:
        title = f"{gold.name} ({clf.version}, annotations {'hidden' if hide_annotations else 'visible'})"
        typer.echo(format_report(rep, title))


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
