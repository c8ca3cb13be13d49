"""Probe many packages with a bound on parallel jobs; results are handed back on the caller's thread.

Each job is mostly waiting on subprocesses (npm/pip, the sandboxed server), so threads are
enough; the store is written only from the calling thread, one outcome at a time, so a crash
mid-run keeps every outcome already stored (and the next run skips them).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from crawler.probe.kinds import excerpt
from crawler.probe.runner import ProbeConfig, ProbeOutcome, probe
from crawler.probe.sandbox import (
    SandboxUnavailable,
    bwrap_argv,
    find_bwrap,
    sandbox_uid,
    wrap_limits,
    write_etc,
)
from crawler.probe.spec import ProbeTarget

MAX_JOBS = 32


@dataclass
class BatchReport:
    outcomes: list[ProbeOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> int:
        return sum(1 for o in self.outcomes if o.ok)

    def per_hour(self) -> float:
        return len(self.outcomes) * 3600 / self.seconds if self.seconds > 0 else 0.0


def preflight(config: ProbeConfig) -> None:
    """Start an empty sandbox once, so a host without bwrap/user namespaces fails with one clear line."""
    find_bwrap(config.sandbox)
    config.work_root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="preflight-", dir=config.work_root))
    try:
        folder.chmod(0o755)
        etc = write_etc(folder / "sandbox", sandbox_uid(config.sandbox))
        argv = wrap_limits(bwrap_argv(["/bin/true"], folder, etc, {}, config.sandbox), config.sandbox, None)
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SandboxUnavailable(f"the sandbox did not start: {exc}") from exc
        if proc.returncode != 0:
            hint = ""
            if "Permission denied" in proc.stderr:
                hint = f" (the sandbox user must be able to read {config.work_root}; use a --work-dir outside /root)"
            raise SandboxUnavailable(f"the sandbox did not start: {excerpt(proc.stderr or proc.stdout, 300)}{hint}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_batch(
    targets: Iterable[ProbeTarget],
    config: ProbeConfig,
    *,
    jobs: int = 2,
    on_outcome: Callable[[ProbeOutcome], None] | None = None,
) -> BatchReport:
    jobs = max(1, min(jobs, MAX_JOBS))
    report = BatchReport()
    started = time.monotonic()
    config.work_root.mkdir(parents=True, exist_ok=True)
    throwaway = None
    cache = config.cache_dir
    if cache is None:
        # One download cache for this run (warm after the first packages), deleted at the end.
        throwaway = Path(tempfile.mkdtemp(prefix="cache-", dir=config.work_root))
        cache = throwaway
    pending = list(targets)
    try:
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="probe") as pool:
            running: set[Future[ProbeOutcome]] = set()
            while pending or running:
                while pending and len(running) < jobs:
                    running.add(pool.submit(probe, pending.pop(0), config, cache))
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        outcome = future.result()
                    except SandboxUnavailable:
                        pending.clear()
                        for other in running:
                            other.cancel()
                        raise
                    report.outcomes.append(outcome)
                    if on_outcome is not None:
                        on_outcome(outcome)
    finally:
        report.seconds = round(time.monotonic() - started, 3)
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)
    return report
