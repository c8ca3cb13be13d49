"""Site files per server and the `toolrisk policy` command, against a real SQLite store."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from catalog.commands import policy as policy_command
from catalog.errors import ToolriskError
from catalog.models import ServerRecord, SourceFetch
from catalog.policies import FORMATS, write_server_policies
from catalog.store import open_store
from tests.policies.cases import one_of_each
from tests.policies.interp import DECIDERS, DENY, Outcome, validate

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "policies.db")
    pairs = one_of_each()
    with open_store(path) as store:
        store.record_fetch(
            SourceFetch(source="docker", url="test://docker", observed_at=T0),
            [
                ServerRecord(
                    source="docker", source_id="demo-docker", name="Demo Server", tools=[t for t, _ in pairs]
                )
            ],
        )
        store.save_classifications([(t.definition_hash, c) for t, c in pairs if c is not None])
    return path


def _app() -> typer.Typer:
    app = typer.Typer()
    policy_command.register(app)

    @app.command("noop")  # a second command keeps typer from collapsing the app into one command
    def _noop() -> None: ...

    return app


def _run(*args: str):
    result = CliRunner().invoke(_app(), ["policy", *args])
    return result


def test_policy_command_prints_each_format(db):
    slug = None
    with open_store(db, create=False) as store:
        slug = store.find_server("Demo Server")
    assert slug
    for fmt in FORMATS:
        result = _run("Demo Server", "--format", fmt, "--db", db)
        assert result.exit_code == 0, result.output
        validate(fmt, result.stdout)
    text = _run(slug, "--db", db).stdout  # default format: PolicyLayer
    assert DECIDERS["policylayer"](text, slug, "read_secret", {}) == Outcome("limit", 60, "minute")
    assert DECIDERS["policylayer"](text, slug, "create_refund", {}) == DENY


def test_policy_command_tool_filter_and_profile(db):
    result = _run(
        "Demo Server",
        "-f",
        "intercept",
        "--tool",
        "list_files",
        "--tool",
        "write_file",
        "--profile",
        "strict",
        "--db",
        db,
    )
    assert result.exit_code == 0, result.output
    assert DECIDERS["intercept"](result.stdout, "", "list_files", {}).kind == "allow"
    assert DECIDERS["intercept"](result.stdout, "", "write_file", {}) == DENY
    assert "read_secret" not in result.stdout


def test_policy_command_notes_degradations_for_json(db):
    result = _run("Demo Server", "--format", "policylayer", "--db", db)
    assert "approval" in result.stderr and "create_refund" in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["no-such-server"], "not in the store"),
        (["Demo Server", "--format", "nginx"], "unknown policy format"),
        (["Demo Server", "--profile", "yolo"], "unknown profile"),
        (["Demo Server", "--tool", "nope"], "no tool named"),
    ],
)
def test_policy_command_bad_input(db, args, needle):
    result = _run(*args, "--db", db)
    assert isinstance(result.exception, ToolriskError) and result.exception.exit_code == 2
    assert needle in str(result.exception)


def test_policy_command_missing_db_is_bad_input(tmp_path):
    missing = str(tmp_path / "nope.db")
    result = _run("x", "--db", missing)
    assert isinstance(result.exception, ToolriskError) and result.exception.exit_code == 2
    assert not os.path.exists(missing)  # reading a policy never creates a store


def test_write_server_policies_for_the_site(db, tmp_path):
    out = tmp_path / "public"
    with open_store(db, create=False) as store:
        view = store.server_view(store.find_server("Demo Server"))
    paths = write_server_policies(out, view)
    assert sorted(p.name for p in paths) == sorted(f.filename for f in FORMATS.values())
    assert all(p.parent == out / "policies" / view.slug for p in paths)
    for fmt, info in FORMATS.items():
        validate(fmt, (out / "policies" / view.slug / info.filename).read_text(encoding="utf-8"))
    docker = (out / "policies" / view.slug / "docker-tools.yaml").read_text()
    assert "demo-docker:" in docker or '"demo-docker":' in docker  # Docker's own catalog key
    before = {p: p.stat().st_mtime_ns for p in paths}
    os.utime(paths[0], ns=(1, 1))
    again = write_server_policies(out, view)
    assert again == paths
    assert paths[0].stat().st_mtime_ns == 1  # unchanged files are not rewritten
    assert all(p.stat().st_mtime_ns == before[p] for p in paths[1:])
    strict = write_server_policies(out, view, profiles=("strict",))
    assert {p.name for p in strict} >= {"policylayer.strict.json", "intercept.strict.yaml"}
    assert (
        json.loads((out / "policies" / view.slug / "policylayer.strict.json").read_text())["default"]
        == "deny"
    )


def test_toolrisk_entry_point_prints_and_fails_in_one_line(db, tmp_path):
    """Through the real console entry point: stdout is the document, errors are one line, exit 2."""
    import subprocess
    import sys

    ok = subprocess.run(
        [sys.executable, "-m", "catalog.cli", "policy", "Demo Server", "-f", "cedar", "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    validate("cedar", ok.stdout)
    bad = subprocess.run(
        [sys.executable, "-m", "catalog.cli", "policy", "nope", "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "not in the store" in bad.stderr


def test_rewrite_never_writes_through_a_hard_link(db, tmp_path):
    """The site build hard-links unchanged files from the published copy; a changed policy must
    replace the staged link, not write into the published file."""
    out = tmp_path / "stage"
    with open_store(db, create=False) as store:
        view = store.server_view(store.find_server("Demo Server"))
    (path, *_) = write_server_policies(out, view)
    published = tmp_path / "published.json"
    published.write_text("old published bytes")
    path.unlink()
    os.link(published, path)
    write_server_policies(out, view)
    assert published.read_text() == "old published bytes"
    validate("policylayer", path.read_text(encoding="utf-8"))
