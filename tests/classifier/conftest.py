from __future__ import annotations

import json
from typing import Any

import pytest

from classifier import load_classifier
from classifier.engine import Classifier
from classifier.overrides import Overrides
from tests.classifier.helpers import TRAIN


@pytest.fixture(scope="session")
def clf() -> Classifier:
    """The production classifier (trains the model on first use, as CI from a clean clone does)."""
    return load_classifier()


@pytest.fixture(scope="session")
def clf_plain(clf: Classifier) -> Classifier:
    """Same model, no human corrections: what the classifier itself says."""
    return Classifier(clf.predictor, overrides=Overrides())


@pytest.fixture(scope="session")
def rules_only() -> Classifier:
    return Classifier(None, overrides=Overrides())


@pytest.fixture(scope="session")
def train_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
