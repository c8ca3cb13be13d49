"""classify_many pauses the cyclic collector only for the batch and restores its state."""

from __future__ import annotations

import gc

from classifier.engine import Classifier

from .helpers import tool


def test_collector_state_is_restored(clf: Classifier) -> None:
    tools = [tool("get_item", "Returns one item."), tool("delete_item", "Deletes an item.")]
    assert gc.isenabled()
    seen: list[bool] = []
    real = clf._classify_many

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    clf._classify_many = spy  # type: ignore[method-assign]
    try:
        out = clf.classify_many(tools)
        assert seen == [False] and gc.isenabled()
        gc.disable()
        try:
            assert [c.model_dump() for c in clf.classify_many(tools)] == [c.model_dump() for c in out]
            assert not gc.isenabled()  # a caller that paused it keeps it paused
        finally:
            gc.enable()
    finally:
        del clf._classify_many  # type: ignore[attr-defined]
