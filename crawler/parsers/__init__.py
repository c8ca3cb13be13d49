"""Parsers for the index formats toolrisk reads, each turning files into `ServerRecord`s.

Entry point: `parse_path(source_name, path, fmt=None)` returns a `ParseRun` — an iterator of
ServerRecord with two extra attributes:
- `errors: list[str]` — one line per skipped record (a broken server inside a good file, or a
  broken file inside a directory source). It fills while iterating; read it after the loop.
  A non-empty list means the fetch is partial: store what was yielded, delete nothing.
- `observed_at` — the source's own timestamp for the data when the file carries one, else None.
A whole file that cannot be read (too big, not UTF-8, truncated/invalid JSON or YAML, wrong
top-level type) raises `ParseError` (a `ValueError` and a `catalog.errors.BadInput`) with one
line naming the file and the field. For a single file this is raised by `parse_path` itself.

Formats (`fmt`): see FORMATS. With `fmt=None` the format is detected from the path and content.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._common import ParseError, ParseRun, display_path, load_json, load_yaml
from .captures import has_manifest
from .docker import iter_docker_catalog, parse_docker, parse_docker_catalog
from .mcp_tools import iter_mcp_tools, looks_like_capture, looks_like_tool_list, parse_mcp_tools
from .mcpm import iter_mcpm, looks_like_mcpm, parse_mcpm
from .official import iter_official, parse_official
from .toolhive import iter_toolhive, parse_toolhive
from .toolsdk import iter_toolsdk, looks_like_toolsdk, parse_toolsdk

__all__ = [
    "FORMATS",
    "ParseError",
    "ParseRun",
    "detect_format",
    "parse_data",
    "parse_path",
]

# format name → (path parser, already-decoded-data parser or None)
FORMATS: dict[str, tuple[Callable[[str, Path], ParseRun], Callable[[str, Any, str], ParseRun] | None]] = {
    "toolhive": (parse_toolhive, iter_toolhive),
    "docker": (parse_docker, None),
    "docker-catalog": (parse_docker_catalog, iter_docker_catalog),
    "mcpm": (parse_mcpm, iter_mcpm),
    "toolsdk": (parse_toolsdk, iter_toolsdk),
    "mcp-tools": (parse_mcp_tools, iter_mcp_tools),
    "official": (parse_official, iter_official),
}


def parse_path(source_name: str, path: Path | str, fmt: str | None = None) -> ParseRun:
    """Parse a file or directory into ServerRecords tagged with `source_name` (see module doc)."""
    path = Path(path)
    if not path.exists():
        raise ParseError(f"{display_path(path)}: no such file or directory")
    if fmt is not None:
        if fmt not in FORMATS:
            raise ParseError(f"{display_path(path)}: unknown format {fmt!r} (known: {', '.join(FORMATS)})")
        return FORMATS[fmt][0](source_name, path)
    if path.is_dir():
        return FORMATS[_detect_dir(path)][0](source_name, path)
    # Single file: decode once, detect on the content, hand the decoded data to the parser.
    where = display_path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        data = load_yaml(path)
        if _looks_like_docker_catalog(data):
            return parse_docker_catalog(source_name, path, data)
        return parse_docker(source_name, path)
    data = load_json(path)
    if _looks_like_docker_catalog(data):
        return parse_docker_catalog(source_name, path, data)
    return parse_data(source_name, data, where)


def parse_data(source_name: str, data: Any, where: str, fmt: str | None = None) -> ParseRun:
    """Parse an already-decoded JSON/YAML value (e.g. an HTTP body the network crawler fetched)."""
    fmt = fmt or detect_format(data, where)
    iterate = FORMATS[fmt][1]
    if iterate is None:
        raise ParseError(f"{where}: format {fmt!r} reads a directory, not decoded data")
    return iterate(source_name, data, where)


def detect_format(data: Any, where: str) -> str:
    if isinstance(data, dict):
        if "remote_servers" in data or (isinstance(data.get("servers"), dict) and "last_updated" in data):
            return "toolhive"
        if isinstance(data.get("data"), dict) and isinstance(data["data"].get("servers"), list):
            return "toolhive"
        # ToolSDK first: package names are arbitrary keys (one package is called "registry").
        if looks_like_toolsdk(data):
            return "toolsdk"
        if _looks_like_docker_catalog(data):
            return "docker-catalog"
        if looks_like_capture(data) or looks_like_tool_list(data):
            return "mcp-tools"
        if looks_like_mcpm(data):
            return "mcpm"
        if (
            isinstance(data.get("servers"), list)
            or "server" in data
            or "packages" in data
            or "$schema" in data
        ):
            return "official"
        if "name" in data and ("inputSchema" in data or "input_schema" in data):
            return "mcp-tools"
    if isinstance(data, list):
        if looks_like_tool_list(data):
            return "mcp-tools"
        if looks_like_mcpm(data):
            return "mcpm"
        if data and all(
            isinstance(x, dict) and ("server" in x or "packages" in x or "remotes" in x) for x in data[:20]
        ):
            return "official"
    raise ParseError(f"{where}: cannot tell which index format this is; pass a format ({', '.join(FORMATS)})")


def _looks_like_docker_catalog(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("registry"), dict)
        and ("version" in data or "name" in data)
    )


def _detect_dir(path: Path) -> str:
    where = display_path(path)
    if any(path.glob("*/server.yaml")) or any(path.glob("*/server.yml")):
        return "docker"
    for name in ("packages-list.json", "indexes/packages-list.json"):
        if (path / name).is_file():
            return "toolsdk"
    if (path / "registry.json").is_file():
        return "toolhive"
    if has_manifest(path):  # versioned tools/list captures of one server
        return "mcp-tools"
    files = sorted(p for p in path.glob("*.json") if p.is_file())
    if not files:
        raise ParseError(f"{where}: no server.yaml or .json files to read")
    # Look at a few files; a directory is one format.
    for file in files[:5]:
        try:
            data = load_json(file)
            return detect_format(data, display_path(file))
        except ParseError:
            continue
    raise ParseError(f"{where}: cannot tell which index format this directory holds; pass a format")
