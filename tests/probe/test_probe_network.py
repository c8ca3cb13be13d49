"""Opt-in (`pytest -m network`): probe two real published packages from npm and PyPI."""

from __future__ import annotations

import pytest

from crawler.probe import ProbeConfig, RpcLimits, make_target, probe


@pytest.fixture(autouse=True)
def _opt_in(request: pytest.FixtureRequest) -> None:
    # CI has no internet: run only when the marker was asked for explicitly.
    if "network" not in (request.config.getoption("-m") or ""):
        pytest.skip("needs the package registries; run with -m network")


@pytest.mark.network
@pytest.mark.parametrize(
    ("registry", "package", "tool"),
    [("npm", "@modelcontextprotocol/server-memory", "create_entities"), ("pypi", "mcp-server-time", "get_current_time")],
)
def test_real_package(registry: str, package: str, tool: str, probe_config: ProbeConfig) -> None:
    config = ProbeConfig(work_root=probe_config.work_root, limits=RpcLimits(deadline_s=60))
    outcome = probe(make_target(package, registry), config)
    assert outcome.ok, outcome.message
    assert outcome.version and outcome.capture is not None
    assert tool in {t["name"] for t in outcome.capture.tools}
    assert outcome.capture.server_info and outcome.capture.protocol_version
