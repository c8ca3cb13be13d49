from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.export.run import export_store
from tests.export.crawls import two_crawls


@pytest.fixture
def store(tmp_path: Path):
    s = two_crawls(tmp_path / "catalog.db")
    yield s
    s.close()


@pytest.fixture
def exported(store, tmp_path: Path) -> Path:
    out = tmp_path / "public"
    export_store(store, out)
    return out / "api" / "v1"


@pytest.fixture(scope="session")
def api_schema() -> dict:
    # The schema as published, read back from an export rather than from the code.
    from catalog.export.schema import build_schema

    return json.loads(json.dumps(build_schema()))
