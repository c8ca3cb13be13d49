"""mcpm `uvx` installations: which PyPI package (if any) a uv command line runs."""

from __future__ import annotations

import pytest

from crawler.parsers.mcpm import _uv_package


@pytest.mark.parametrize(
    ("inst", "expected"),
    [
        ({"command": "uvx", "args": ["mcp-server-time"]}, "mcp-server-time"),
        ({"command": "uvx", "args": ["--python", "3.12", "mcp-server-git", "--repository", "."]}, "mcp-server-git"),
        ({"command": "uvx", "args": ["--from", "awslabs.core-mcp-server@latest", "awslabs.core-mcp-server"]},
         "awslabs.core-mcp-server@latest"),
        ({"command": "uv", "args": ["tool", "run", "arxiv-mcp-server", "--storage-path", "/p"]}, "arxiv-mcp-server"),
        ({"command": "uv", "args": ["run", "--with", "mcp-clickhouse", "--python", "3.13", "mcp-clickhouse"]},
         "mcp-clickhouse"),
        ({"command": "uv", "args": ["run", "--directory", "/abs/serena", "serena-mcp-server"]}, None),
        ({"command": "uv", "args": ["--directory", "/p", "run", "main.py"]}, None),
        ({"command": "uv", "args": ["run", "server.py"]}, None),
        ({"command": "uvx", "args": ["./local/path"]}, None),
        ({"command": "uv", "args": ["tool", "run", "x"], "package": "declared-pkg"}, "declared-pkg"),
    ],
)
def test_uv_package(inst, expected):
    assert _uv_package(inst, inst["args"]) == expected
