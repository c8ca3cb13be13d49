"""End-to-end probes of tiny local MCP servers: real installs (offline), real bwrap, real processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.probe import ProbeConfig, RpcLimits, make_target, probe


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(int(entry.name))
    return found


@pytest.fixture()
def listener() -> tuple[int, list[bool]]:
    """A TCP listener on the host's loopback that records whether anyone connected."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits: list[bool] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(True)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(2)
    server.close()


def test_python_server_all_pages_raw_fields_kept(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse), probe_config)
    assert outcome.ok, outcome.message
    capture = outcome.capture
    assert capture is not None
    assert [t["name"] for t in capture.tools] == [f"tool_{i}" for i in range(7)]
    assert len(capture.pages) == 3  # 3 + 3 + 1
    assert capture.pages[0]["nextCursor"] == "3" and "nextCursor" not in capture.pages[2]
    # fields the SDK models would drop are kept verbatim
    assert capture.tools[1]["x-unknown-field"] == {"kept": True}
    assert capture.tools[0]["annotations"] == {"readOnlyHint": True, "x-vendor": "kept"}
    assert capture.server_info == {"name": "toy-python", "version": "0.1.0"}
    assert capture.protocol_version == "2025-06-18"
    assert outcome.version == "0.1.0"
    assert outcome.install_s > 0 and capture.list_s > 0
    # the install folder is gone afterwards (no 10-100 MB left behind per package)
    assert not [p for p in probe_config.work_root.glob("p-*")]


def test_node_server_pages_and_metadata(node_tarball: Path, probe_config: ProbeConfig) -> None:
    outcome = probe(make_target("toy-node-mcp@1.2.3", "npm", local_source=node_tarball), probe_config)
    assert outcome.ok, outcome.message
    capture = outcome.capture
    assert capture is not None
    assert len(capture.pages) == 3 and len(capture.tools) == 10
    assert capture.tools[0]["annotations"]["category"] == "kept-extra"
    assert capture.tools[0]["outputSchema"] == {"type": "object"}
    assert capture.server_info and capture.server_info["title"] == "Toy Node"
    assert capture.protocol_version == "2025-11-25"


@pytest.mark.parametrize("runtime", ["pypi", "npm"])
def test_network_is_blocked(runtime: str, wheelhouse: Path, node_tarball: Path, probe_config: ProbeConfig,
                            listener: tuple[int, list[bool]]) -> None:
    port, hits = listener
    # Prove the listener is reachable from outside the sandbox, so "blocked" below means something.
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    time.sleep(0.3)
    assert hits == [True]
    if runtime == "pypi":
        target = make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["network", str(port)])
    else:
        target = make_target("toy-node-mcp@1.2.3", "npm", local_source=node_tarball, args=["network", str(port)])
    outcome = probe(target, probe_config)
    assert outcome.ok, outcome.message
    report = outcome.capture.tools[0]["description"]  # type: ignore[union-attr]
    assert "dns:blocked" in report and "tcp:blocked" in report, report
    time.sleep(0.3)
    assert hits == [True], "the sandboxed server reached the host's loopback"


def test_writes_outside_home_and_tmp_are_blocked(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    marker = f"toolrisk-escape-{uuid.uuid4().hex[:8]}"
    target = make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["write", marker])
    outcome = probe(target, probe_config)
    assert outcome.ok, outcome.message
    results = dict(item.split(":", 1) for item in outcome.capture.tools[0]["description"].split())  # type: ignore[union-attr]
    assert results["home"] == "written" and results["tmp"] == "written"  # the sandbox's own tmpfs
    for place in ("root", "etc", "usr", "vartmp", "install"):
        assert results[place].startswith("blocked"), (place, results)
    # and nothing reached the host
    assert not Path("/var/tmp", marker).exists() and not Path("/tmp", marker).exists()
    assert not Path(os.path.expanduser("~"), marker).exists()


def test_hanging_server_times_out(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    config = replace(probe_config, limits=RpcLimits(deadline_s=2.0))
    started = time.monotonic()
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["hang"]), config)
    assert not outcome.ok and outcome.kind == "timeout", outcome.message
    assert time.monotonic() - started < 10


def test_stdout_flood_is_cut_off(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    started = time.monotonic()
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["flood"]),
                    probe_config)
    assert not outcome.ok and outcome.kind == "too_large", outcome.message
    assert "flood" in outcome.message
    assert time.monotonic() - started < 10


def test_non_json_stdout_is_not_a_server(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["garbage"]),
                    probe_config)
    assert outcome.kind == "not_a_server", outcome.message


@pytest.mark.parametrize("runtime", ["pypi", "npm"])
def test_missing_env_var_gets_a_placeholder(runtime: str, wheelhouse: Path, node_tarball: Path,
                                            probe_config: ProbeConfig) -> None:
    if runtime == "pypi":
        target = make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["needenv"])
        variable = "TOY_API_KEY"
    else:
        target = make_target("toy-node-mcp@1.2.3", "npm", local_source=node_tarball, args=["needenv"])
        variable = "NODE_TOY_TOKEN"
    outcome = probe(target, probe_config)
    assert outcome.ok, outcome.message
    assert outcome.env_placeholders == [variable]
    assert outcome.attempts == 2 and any(variable in note for note in outcome.notes)


def test_missing_env_var_without_retries_is_needs_env(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    config = replace(probe_config, max_attempts=1)
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["needenv"]), config)
    assert outcome.kind == "needs_env" and "TOY_API_KEY" in outcome.message


@pytest.mark.parametrize("runtime", ["pypi", "npm"])
def test_child_that_outlives_the_server_is_killed(runtime: str, wheelhouse: Path, node_tarball: Path,
                                                  probe_config: ProbeConfig) -> None:
    marker = f"toolrisk-child-{uuid.uuid4().hex[:8]}"
    if runtime == "pypi":
        target = make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["child", marker])
    else:
        target = make_target("toy-node-mcp@1.2.3", "npm", local_source=node_tarball, args=["child", marker])
    outcome = probe(target, probe_config)
    assert outcome.ok, outcome.message
    assert outcome.capture.tools[0]["name"] == "spawned"  # type: ignore[union-attr]
    deadline = time.monotonic() + 3
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with(marker) == []


@pytest.mark.parametrize("runtime", ["pypi", "npm"])
def test_crash_is_recorded_with_stderr(runtime: str, wheelhouse: Path, node_tarball: Path,
                                       probe_config: ProbeConfig) -> None:
    if runtime == "pypi":
        target = make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["crash"])
        said = "something broke"
    else:
        target = make_target("toy-node-mcp@1.2.3", "npm", local_source=node_tarball, args=["crash"])
        said = "crashed on purpose"
    outcome = probe(target, probe_config)
    assert outcome.kind == "crashed" and said in outcome.message


def test_sdk_drift_retries_with_older_sdk(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    outcome = probe(make_target("toy-drift-server@0.2.0", "pypi", local_source=wheelhouse), probe_config)
    assert outcome.ok, outcome.message
    assert outcome.notes == ["reinstalled with mcp<2"]
    assert len(outcome.capture.tools) == 7  # type: ignore[union-attr]


def test_install_failures(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    missing = probe(make_target("toy-mcp-server@9.9.9", "pypi", local_source=wheelhouse), probe_config)
    assert missing.kind == "install_failed" and "9.9.9" in missing.message
    library = probe(make_target("toy-library@1.0.0", "pypi", local_source=wheelhouse), probe_config)
    assert library.kind == "not_a_server" and "console script" in library.message


def test_wrong_version_in_tarball_is_refused(node_tarball: Path, probe_config: ProbeConfig) -> None:
    outcome = probe(make_target("toy-node-mcp@9.0.0", "npm", local_source=node_tarball), probe_config)
    assert outcome.kind == "install_failed" and "9.0.0" in outcome.message


def test_required_argument_is_guessed_from_the_usage_message(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["needarg"]),
                    probe_config)
    assert outcome.ok, outcome.message
    assert outcome.args == ["needarg", "--db-path", "/home/probe/db-path"]
    assert outcome.capture.tools[0]["description"] == "database at /home/probe/db-path"  # type: ignore[union-attr]


def test_clear_environment_utc_and_no_host_home(wheelhouse: Path, probe_config: ProbeConfig,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOOLRISK_CANARY_TOKEN", "s3cr3t-canary")
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["env"]), probe_config)
    assert outcome.ok, outcome.message
    report = dict(item.split("=", 1) for item in outcome.capture.tools[0]["description"].split())  # type: ignore[union-attr]
    assert set(report["env"].split(",")) <= {"PATH", "HOME", "USER", "LANG", "TZ", "TMPDIR", "PYTHONDONTWRITEBYTECODE",
                                             "NO_COLOR", "LC_CTYPE", "PWD"}
    assert report["tz"] == "UTC"
    assert report["root"].startswith("blocked")
    if os.geteuid() == 0:
        assert report["uid"] != "0"  # root on the host runs the server as an unprivileged user


def test_memory_cap_kills_a_hog(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    from crawler.probe.sandbox import SandboxConfig, make_cgroup

    sandbox = SandboxConfig(memory_bytes=128 * 1024 * 1024)
    group = make_cgroup("toolrisk-test-probe", sandbox)
    if group is None:
        pytest.skip("no writable cgroup here: memory is capped only by node's heap flag")
    group.remove()
    config = replace(probe_config, sandbox=sandbox)
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["hog"]), config)
    assert not outcome.ok and outcome.kind == "crashed", outcome.message
    assert outcome.message.startswith("out of memory") or "MemoryError" in outcome.message, outcome.message


def test_tool_list_that_needs_the_network(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["fetchfail"]),
                    probe_config)
    assert outcome.kind == "needs_network" and "fetch failed" in outcome.message


def test_every_kind_has_a_description() -> None:
    from crawler.probe.kinds import FAILURE_DESCRIPTIONS, FAILURE_KINDS

    assert set(FAILURE_DESCRIPTIONS) == set(FAILURE_KINDS)


def test_server_that_floods_requests_and_never_reads(wheelhouse: Path, probe_config: ProbeConfig) -> None:
    config = replace(probe_config, limits=RpcLimits(deadline_s=3.0))
    started = time.monotonic()
    outcome = probe(make_target("toy-mcp-server@0.1.0", "pypi", local_source=wheelhouse, args=["pingflood"]), config)
    assert outcome.kind in ("timeout", "too_large"), outcome.message
    assert time.monotonic() - started < 12


def test_package_that_needs_its_install_script(tmp_path: Path, probe_config: ProbeConfig) -> None:
    # The server needs a file its postinstall script would have generated; scripts never run.
    source = tmp_path / "native"
    source.mkdir()
    (source / "package.json").write_text(json.dumps({
        "name": "toy-needs-build", "version": "0.0.1", "bin": {"toy-needs-build": "server.js"},
        "scripts": {"postinstall": "node -e \"require('fs').writeFileSync('built.js', '')\""},
    }))
    (source / "server.js").write_text("#!/usr/bin/env node\nrequire('./built.js');\n")
    subprocess.run(["npm", "pack", "--silent", "--pack-destination", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=60)
    tarball = tmp_path / "toy-needs-build-0.0.1.tgz"
    outcome = probe(make_target("toy-needs-build@0.0.1", "npm", local_source=tarball), probe_config)
    assert outcome.kind == "install_script_needed", outcome.message
    assert "toy-needs-build" in outcome.message
