"""One package probe as a fleet task: install, list tools in the sandbox, store the outcome."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from catalog.store.base import Store


def probe_and_store(
    store: Store, registry: str, package: str, version: str | None, local_source: str | None = None
) -> dict[str, Any]:
    from crawler.probe import ProbeConfig, make_target, probe
    from crawler.probe.record import store_outcome

    spec = f"{package}@{version}" if version else package
    # local_source: a folder of wheels / an npm tarball on a filesystem every worker shares
    target = make_target(spec, registry, local_source=Path(local_source) if local_source else None)
    config = ProbeConfig()
    cache = os.environ.get("TOOLRISK_PROBE_CACHE")
    if cache:
        config.cache_dir = Path(cache)
    outcome = probe(target, config)
    summary = store_outcome(store, outcome)
    return {
        "package": package,
        "registry": registry,
        "version": version,
        "ok": outcome.capture is not None,
        "stored": summary.model_dump() if summary is not None else None,
    }
