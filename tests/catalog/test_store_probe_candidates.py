"""Store.probe_candidates(): the narrow query `probe --from-catalog` selects from must say exactly
what full server views say, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from catalog.models import PackageRef, ServerRecord, SourceFetch, ToolDefinition
from catalog.store import open_store
from catalog.store.base import Store
from catalog.views import ProbeCandidate, ProbeFailure
from crawler.probe.select import select_targets

T0 = datetime(2026, 1, 1, tzinfo=UTC)
RECENT = datetime.now(UTC).replace(microsecond=0) - timedelta(days=5)  # "fresh" is relative to the clock


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def store(request, tmp_path: Path):
    s = open_store(str(tmp_path / "t.db")) if request.param == "sqlite" else open_store(request.getfixturevalue("postgres_url"))
    yield s
    s.close()


def tool(name: str, desc: str = "does a thing") -> ToolDefinition:
    return ToolDefinition(name=name, description=desc, inputSchema={"type": "object"})


def fill(store: Store) -> None:
    npm_a = PackageRef(registry="npm", identifier="@qa/alpha")
    docker = [
        ServerRecord(source="docker", source_id="alpha", name="alpha", packages=[npm_a],
                     tools=[tool("t1"), tool("t2")]),  # no capture time: first-seen times count
        ServerRecord(source="docker", source_id="beta", name="beta",
                     packages=[PackageRef(registry="pypi", identifier="beta-pkg", version="0.1")]),  # no tool list
        ServerRecord(source="docker", source_id="gamma", name="gamma", tools=[tool("x")],
                     captured_at=T0 - timedelta(days=400)),  # no package: never a candidate
        ServerRecord(source="docker", source_id="delta", name="delta",
                     packages=[PackageRef(registry="npm", identifier="delta-mcp", version="2.0.0")],
                     tools=[tool("d")], captured_at=RECENT),  # fresh
    ]
    store.record_fetch(SourceFetch(source="docker", url="test://docker", observed_at=T0), docker)
    # a second index: the same alpha (joined on its npm package), a newer list sharing t1, one more package
    mcpm = [ServerRecord(source="mcpm", source_id="alpha", name="alpha",
                         packages=[npm_a, PackageRef(registry="pypi", identifier="alpha-py")],
                         tools=[tool("t1"), tool("t3")])]
    store.record_fetch(SourceFetch(source="mcpm", url="test://mcpm", observed_at=T0 + timedelta(days=3)), mcpm)
    # a live probe of alpha 1.0.0, after a failed attempt at that version and one at 0.9
    for version, at in (("1.0.0", 4), ("0.9", 5)):
        store.record_probe_failure("alpha", ProbeFailure(package="npm:@qa/alpha", version=version, kind="timeout",
                                                         message="no answer", at=T0 + timedelta(days=at)))
    probe = [ServerRecord(source="probe", source_id="npm:@qa/alpha", name="alpha", version="1.0.0",
                          packages=[PackageRef(registry="npm", identifier="@qa/alpha", version="1.0.0")],
                          tools=[tool("t1"), tool("t4")], captured_at=T0 + timedelta(days=6))]
    store.record_fetch(SourceFetch(source="probe", url="test://probe", observed_at=T0 + timedelta(days=6)), probe,
                       complete=False)
    store.record_probe_failure("beta", ProbeFailure(package="pypi:beta-pkg", version="0.1", kind="install_failed",
                                                    message="no wheel", at=T0 + timedelta(days=7)))


def test_probe_candidates_equal_what_full_views_say(store):
    fill(store)
    fast = list(store.probe_candidates())
    reference = list(Store.probe_candidates(store))  # the base class derives them from full views
    assert [c.slug for c in fast] == sorted(c.slug for c in fast)
    assert fast == reference
    by = {c.slug: c for c in fast}
    assert set(by) == {"alpha", "beta", "gamma", "delta"}
    alpha = by["alpha"]
    assert alpha.probe_versions == ["1.0.0"] and alpha.probe_listings == [("npm:@qa/alpha", "1.0.0")]
    assert alpha.probe_failures == [("npm:@qa/alpha", "0.9")]  # the 1.0.0 failure was replaced by a success
    assert [p.identifier for p in alpha.packages][:2] == ["@qa/alpha", "alpha-py"]
    assert by["beta"].tools_seen is None and by["beta"].probe_failures == [("pypi:beta-pkg", "0.1")]
    assert by["gamma"].tools_seen == T0 - timedelta(days=400)


def test_probe_candidates_use_first_seen_when_no_capture_time(store):
    store.record_fetch(SourceFetch(source="docker", url="test://d", observed_at=T0),
                       [ServerRecord(source="docker", source_id="s", name="s", tools=[tool("a"), tool("b")])])
    store.record_fetch(SourceFetch(source="docker", url="test://d", observed_at=T0 + timedelta(days=9)),
                       [ServerRecord(source="docker", source_id="s", name="s", tools=[tool("a"), tool("c")])])
    (fast,) = store.probe_candidates()
    assert [fast] == list(Store.probe_candidates(store))
    assert fast.tools_seen == T0 + timedelta(days=9)  # c is new; a keeps its first sighting


def test_selection_is_the_same_from_candidates_and_from_views(store):
    fill(store)

    class ViewsOnly:  # what select_targets read before: full views
        def probe_candidates(self):
            return (ProbeCandidate.from_view(v) for v in store.iter_server_views())

    for kw in ({}, {"include_listed": True}, {"include_listed": True, "max_age_days": 1.0}, {"limit": 1}):
        fast, slow = select_targets(store, **kw), select_targets(ViewsOnly(), **kw)  # type: ignore[arg-type]
        assert fast == slow, kw
    chosen = select_targets(store, include_listed=True)
    # alpha's package has no version and a probe exists ("latest" is done); beta failed at its
    # version; gamma has no package; delta is left
    assert [t.server for t in chosen.targets] == ["delta"]
    assert (chosen.servers_seen, chosen.with_package, chosen.already_probed) == (4, 3, 2)
    default = select_targets(store)
    assert default.targets == [] and default.fresh == 1  # delta's list is 5 days old
