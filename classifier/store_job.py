"""Store mode: classify every stored tool definition that has no classification at this version."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from catalog.models import Classification, ToolInput
from catalog.store.base import Store
from classifier.engine import Classifier, load_classifier

BATCH = 2_000


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while True:
        chunk = list(islice(items, size))
        if not chunk:
            return
        yield chunk


def classify_store(store: Store, progress: bool = True, classifier: Classifier | None = None) -> int:
    """Classify what is new in `store`; returns how many classifications were written."""
    clf = classifier or load_classifier()
    pending = list(store.definitions_to_classify(clf.version))
    if not pending:
        return 0
    written = 0
    bar: Any = None
    task: Any = None
    if progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("classifying"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
        )
        bar.start()
        task = bar.add_task("classify", total=len(pending))
    try:
        for chunk in _batches(iter(pending), BATCH):
            inputs = [ToolInput.from_definition(server, d) for _h, server, d in chunk]
            results: list[Classification] = clf.classify_many(inputs)
            written += store.save_classifications(
                (h, c) for (h, _s, _d), c in zip(chunk, results, strict=True)
            )
            if bar is not None:
                bar.advance(task, len(chunk))
    finally:
        if bar is not None:
            bar.stop()
    return written
