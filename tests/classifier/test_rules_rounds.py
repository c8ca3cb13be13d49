"""The three checks every blind round's rule fixes get, run once over all of them: each wording of a rule's class
fires it, each near miss (the same words, not the effect) does not, and the gated run agrees with the ungated one.
The wordings live beside their round's other tests (test_rules_round9mno.py and on)."""

from __future__ import annotations

import pytest

from classifier.text import ToolText
from tests.classifier import (
    test_rules_round9mno as r9mno,
)
from tests.classifier import (
    test_rules_round9pqr as r9pqr,
)
from tests.classifier import (
    test_rules_round9stu as r9stu,
)
from tests.classifier import (
    test_rules_round9vwx as r9vwx,
)
from tests.classifier import (
    test_rules_round9y10b as r9y10b,
)
from tests.classifier import (
    test_rules_round10cf as r10cf,
)
from tests.classifier import (
    test_rules_round10gj as r10gj,
)
from tests.classifier import (
    test_rules_round10kln as r10kln,
)
from tests.classifier import (
    test_rules_round10mqrst as r10mqrst,
)
from tests.classifier import (
    test_rules_round10op as r10op,
)
from tests.classifier import (
    test_rules_round10uz as r10uz,
)
from tests.classifier.helpers import fired, rule_ids, rule_ids_ungated

FIRES = (
    r9mno.FIRES
    + r9pqr.FIRES
    + r9stu.FIRES
    + r9stu.CV_FIRES
    + r9vwx.FIRES
    + r9y10b.FIRES
    + r10cf.FIRES
    + r10gj.FIRES
    + r10kln.FIRES
    + r10op.FIRES
    + r10mqrst.FIRES
    + r10uz.FIRES
)
MISSES = (
    r9mno.MISSES
    + r9pqr.MISSES
    + r9stu.MISSES
    + r9stu.CV_MISSES
    + r9vwx.MISSES
    + r9y10b.MISSES
    + r10cf.MISSES
    + r10gj.MISSES
    + r10kln.MISSES
    + r10op.MISSES
    + r10mqrst.MISSES
    + r10uz.MISSES
)


@pytest.mark.parametrize(("t", "rule"), FIRES)
def test_wording_fires(t, rule):
    assert rule in fired(t)


@pytest.mark.parametrize(("t", "rule"), MISSES)
def test_near_miss_does_not_fire(t, rule):
    assert rule not in fired(t)


@pytest.mark.parametrize(("t", "rule"), FIRES + MISSES)
def test_gates_agree_with_ungated_run(t, rule):
    tt = ToolText.from_input(t)
    assert rule_ids(tt) == rule_ids_ungated(tt)
