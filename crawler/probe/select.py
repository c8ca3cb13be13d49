"""Which catalog servers to probe: a package on npm/PyPI, no fresh tool list, not probed at that version.

Resumable by construction: a (package, version) with a `probe` source/surface at that version,
or a recorded failure for that version, is skipped, so an interrupted run picks up where it
stopped. A package without a version (probe "latest") counts as done once anything was probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from catalog.errors import BadInput
from catalog.store.base import Store
from catalog.views import ProbeCandidate, ServerView
from crawler.probe.spec import REGISTRIES, ProbeTarget, check_package, check_version

_REGISTRY_ALIASES = {"npm": "npm", "npmjs": "npm", "pypi": "pypi", "pip": "pypi"}


@dataclass
class Selection:
    targets: list[ProbeTarget]
    servers_seen: int = 0
    with_package: int = 0
    already_probed: int = 0
    fresh: int = 0
    invalid_packages: int = 0


def already_probed(server: ServerView | ProbeCandidate, registry: str, package: str, version: str | None) -> bool:
    c = server if isinstance(server, ProbeCandidate) else ProbeCandidate.from_view(server)
    key = f"{registry}:{package}"
    for failed_package, failed_version in c.probe_failures:
        if failed_package in (key, package) and (version is None or failed_version == version):
            return True
    for source_id, listed_version in c.probe_listings:
        if source_id == key and (version is None or listed_version == version):
            return True
    return any(version is None or probed == version for probed in c.probe_versions)


def has_fresh_tools(server: ServerView | ProbeCandidate, max_age: timedelta, now: datetime) -> bool:
    c = server if isinstance(server, ProbeCandidate) else ProbeCandidate.from_view(server)
    newest = c.tools_seen  # None: no current tools
    if newest is None:
        return False
    if newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    return now - newest <= max_age


def select_targets(
    store: Store,
    *,
    limit: int | None = None,
    include_listed: bool = False,
    max_age_days: float = 90.0,
    registries: tuple[str, ...] = REGISTRIES,
) -> Selection:
    """Servers without any tool list come first, then those whose tool list is stale."""
    if limit is not None and limit < 1:
        raise BadInput("--limit must be at least 1")
    now = datetime.now(UTC)
    max_age = timedelta(days=max_age_days)
    ranked: list[tuple[int, int, ProbeTarget]] = []
    selection = Selection(targets=[])
    # probe_candidates(): the few fields this needs, not a full view (tools, history) per server
    for order, cand in enumerate(store.probe_candidates()):
        selection.servers_seen += 1
        choice = _pick_package(cand, registries, selection)
        if choice is None:
            continue
        registry, package, version = choice
        if already_probed(cand, registry, package, version):
            selection.already_probed += 1
            continue
        fresh = has_fresh_tools(cand, max_age, now)
        if fresh and not include_listed:
            selection.fresh += 1
            continue
        rank = 0 if cand.tools_seen is None else 1  # servers without any tool list first
        target = ProbeTarget(registry=registry, package=package, version=version, server=cand.slug)  # type: ignore[arg-type]
        ranked.append((rank, order, target))
    ranked.sort(key=lambda item: (item[0], item[1]))
    selection.targets = [t for _, _, t in ranked[:limit]]
    return selection


def _pick_package(cand: ProbeCandidate, registries: tuple[str, ...], selection: Selection) -> tuple[str, str, str | None] | None:
    seen_any = False
    for ref in cand.packages:
        registry = _REGISTRY_ALIASES.get(ref.registry.lower())
        if registry is None or registry not in registries:
            continue
        if not seen_any:
            selection.with_package += 1
            seen_any = True
        try:
            package = check_package(registry, ref.identifier)
            version = check_version(ref.version)
        except BadInput:
            selection.invalid_packages += 1
            continue
        return registry, package, version
    return None
