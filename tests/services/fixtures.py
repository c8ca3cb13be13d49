"""pytest fixtures for the real PostgreSQL / Redis servers; import them into a test module."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services.servers import postgres_available, redis_available, running_postgres, running_redis

_counter = itertools.count()


def _require(available: bool, what: str) -> None:
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is not installed; .ci/run must install it (scripts/setup-system.sh)")
    pytest.skip(f"{what} not installed (scripts/setup-system.sh installs it)")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    _require(postgres_available(), "PostgreSQL")
    # Not under pytest's basetemp: another pytest run on the machine may prune that while the
    # cluster is still running.
    base = Path(tempfile.mkdtemp(prefix="toolrisk-pg-"))
    try:
        with running_postgres(base / "cluster") as url:
            yield url
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server for each test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}_{next(_counter)}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = postgres_server.rsplit("/", 1)[0] + "/" + name
    yield url
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    _require(redis_available(), "Redis")
    base = Path(tempfile.mkdtemp(prefix="toolrisk-redis-"))
    try:
        with running_redis(base) as url:
            yield url
    finally:
        shutil.rmtree(base, ignore_errors=True)
