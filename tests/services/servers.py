"""Real PostgreSQL and Redis servers on loopback for the scale-out tests.

Each test session starts its own throwaway instances from Debian's packages (installed by
scripts/setup-system.sh) on free ports, and stops them afterwards. Nothing listens beyond
127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

PG_BIN_DIRS = [Path(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str | None:
    for d in PG_BIN_DIRS:
        if (d / name).exists():
            return str(d / name)
    return shutil.which(name)


def postgres_available() -> bool:
    return _pg_bin("initdb") is not None and _pg_bin("pg_ctl") is not None


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


def _as_postgres_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextlib.contextmanager
def running_postgres(workdir: Path) -> Iterator[str]:
    """Start a fresh cluster; yield a postgresql:// URL on 127.0.0.1."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    assert initdb and pg_ctl, "PostgreSQL server binaries not found (run scripts/setup-system.sh)"
    data = workdir / "pgdata"
    workdir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
        workdir.chmod(0o700)
        # the postgres user must be able to reach the folder
        for parent in workdir.parents:
            if str(parent) in ("/", "/tmp"):
                break
            parent.chmod(parent.stat().st_mode | 0o711)
    subprocess.run(
        _as_postgres_user([initdb, "-D", str(data), "-U", "toolrisk", "--auth=trust", "-E", "UTF8", "--no-sync"]),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    port = free_port()
    opts = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={workdir} -c fsync=off -c max_connections=60"
    subprocess.run(
        _as_postgres_user([pg_ctl, "-D", str(data), "-o", opts, "-l", str(workdir / "pg.log"), "-w", "-t", "60", "start"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgresql://toolrisk@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


@contextlib.contextmanager
def running_redis(workdir: Path) -> Iterator[str]:
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            break
        time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def running_workers(env: dict[str, str], count: int, prefix: str, log_dir: Path | None = None) -> Iterator[list[subprocess.Popen]]:
    """Migrate the store in env["TOOLRISK_DB"], start `count` `toolrisk worker` processes on the
    broker in env["TOOLRISK_BROKER"], and stop them (SIGTERM, then kill) on the way out."""
    import sys

    cli = [sys.executable, "-m", "catalog.cli"]
    subprocess.run([*cli, "db", "migrate"], env=env, check=True, capture_output=True)
    logs = [open(log_dir / f"{prefix}{i}.log", "w") if log_dir else None for i in range(count)]  # noqa: SIM115
    workers = [
        subprocess.Popen(
            [*cli, "worker", "--name", f"{prefix}{i}@test", "--loglevel", "WARNING"],
            env=env,
            stdout=logs[i] or subprocess.DEVNULL,
            stderr=subprocess.STDOUT if logs[i] else subprocess.DEVNULL,
        )
        for i in range(count)
    ]
    try:
        yield workers
    finally:
        for w in workers:
            if w.poll() is None:
                w.send_signal(signal.SIGTERM)
        for w in workers:
            try:
                w.wait(timeout=30)
            except subprocess.TimeoutExpired:
                w.kill()
        for log in logs:
            if log:
                log.close()
