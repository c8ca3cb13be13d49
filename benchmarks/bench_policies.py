"""Benchmark: every policy starter for a synthetic 10,000-server catalog (target: <= 30 s).

    .venv/bin/python benchmarks/bench_policies.py [--servers N] [--write] [--dir /dev/shm]

Times (1) build + render of every format for every server in memory, and with --write (2) the
site step, write_server_policies() into a temporary public/ folder. Building the synthetic
catalog is not timed.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from catalog.models import ACTIONS, CATEGORIES, RISKS, Classification, Operation, ToolDefinition
from catalog.policies import FORMATS, PolicyServer, build_policy, render_policy, write_server_policies
from catalog.views import ServerView, ToolView

FLAGS = [
    "destructive",
    "financial",
    "secrets",
    "code_execution",
    "open_world",
    "untrusted_content",
    "private_data",
    "bulk",
    "admin",
    "poisoning",
]
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def synthetic_catalog(
    n: int, seed: int = 8
) -> list[tuple[PolicyServer, list[tuple[ToolDefinition, Classification]]]]:
    rnd = random.Random(seed)
    catalog = []
    for s in range(n):
        tools = []
        for t in range(rnd.choice([1, 3, 5, 8, 12, 15, 20, 30, 45])):
            props = {"path": {"type": "string"}}
            if rnd.random() < 0.05:
                props["dangerouslySkipPermissions"] = {"type": "boolean"}
            ops = []
            if rnd.random() < 0.05:
                props["action"] = {"type": "string", "enum": ["list", "delete"]}
                ops = [
                    Operation(argument="action", value="list", action="Read", risk="low"),
                    Operation(argument="action", value="delete", action="Write", risk="high"),
                ]
            tool = ToolDefinition(
                name=f"tool_{t}_{rnd.choice(['get', 'list', 'delete', 'run', 'pay'])}",
                description="synthetic",
                inputSchema={"type": "object", "properties": props, "required": ["action"] if ops else []},
            )
            cls = Classification(
                id=f"{s}:{t}",
                action=rnd.choice(ACTIONS),
                risk=rnd.choice(RISKS),
                category=rnd.choice(CATEGORIES),
                flags=rnd.sample(FLAGS, rnd.choice([0, 0, 1, 2])),
                confidence=rnd.random(),
                classifier_version="bench",
                operations=ops,
            )
            tools.append((tool, cls))
        catalog.append((PolicyServer(slug=f"server-{s:05d}", name=f"Server {s}"), tools))
    return catalog


def as_view(server: PolicyServer, tools: list[tuple[ToolDefinition, Classification]]) -> ServerView:
    views = [
        ToolView(
            server_slug=server.slug,
            tool_slug=t.name,
            definition=t,
            definition_hash="0" * 64,
            classification=c,
            source="bench",
            first_seen=T0,
        )
        for t, c in tools
    ]
    return ServerView(id=1, slug=server.slug, name=server.name, tools=views, modified=T0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--servers", type=int, default=10_000)
    ap.add_argument("--write", action="store_true", help="also time write_server_policies into a temp dir")
    ap.add_argument(
        "--dir", default=None, help="parent folder for the temp dir (e.g. /dev/shm to leave the disk out)"
    )
    args = ap.parse_args()

    catalog = synthetic_catalog(args.servers)
    n_tools = sum(len(t) for _, t in catalog)
    print(f"catalog: {args.servers} servers, {n_tools} tools, {len(FORMATS)} formats: {', '.join(FORMATS)}")

    start, cpu = time.perf_counter(), time.process_time()
    total_bytes = 0
    for server, tools in catalog:
        policy = build_policy(server, tools, "balanced")
        for fmt in FORMATS:
            total_bytes += len(render_policy(fmt, policy))
    render_s, render_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"render in memory: {render_s:.1f} s wall, {render_cpu:.1f} s CPU ({args.servers * len(FORMATS)} documents, "
        f"{total_bytes / 1e6:.0f} MB)  target <= 30 s: {'OK' if render_s <= 30 else 'MISSED'}"
    )

    if args.write:
        views = [as_view(s, t) for s, t in catalog]
        with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
            start, cpu = time.perf_counter(), time.process_time()
            files = 0
            for view in views:
                files += len(write_server_policies(Path(tmp), view))
            write_s, write_cpu = time.perf_counter() - start, time.process_time() - cpu
            print(
                f"write_server_policies: {write_s:.1f} s wall, {write_cpu:.1f} s CPU ({files} files)  target <= 30 s: "
                f"{'OK' if write_s <= 30 else 'MISSED'}"
            )


if __name__ == "__main__":
    main()
