"""mcpm.sh registry: `servers/<name>.json` files, or the aggregated `servers.json` (a map or an array).

Server fields: name, display_name, description, repository{url}, homepage, categories, tags,
installations{kind: {type, command, args, env}}, tools[{name, description, inputSchema}] (one tool
spells it `input_schema`). No annotations. Package references are read off the install commands
(npx/uvx/docker) because the format has no package field.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from catalog.models import PackageRef, ServerRecord

from ._common import (
    ParseError,
    ParseRun,
    RecordError,
    display_path,
    get_dict,
    get_str,
    guarded,
    load_json,
    make_server,
    small_str_list,
    tool_list,
)
from .official import package_ref

_DOCKER_VALUE_FLAGS = frozenset(
    {
        "-e",
        "--env",
        "-v",
        "--volume",
        "--name",
        "-p",
        "--publish",
        "--network",
        "--mount",
        "-w",
        "--workdir",
        "--env-file",
        "-u",
        "--user",
        "--entrypoint",
        "--platform",
    }
)


def looks_like_mcpm(data: Any) -> bool:
    sample: list[Any]
    if isinstance(data, list):
        sample = data[:10]
    elif isinstance(data, dict):
        if "installations" in data:
            return True
        sample = [v for _, v in zip(range(10), data.values(), strict=False)]
    else:
        return False
    hits = sum(1 for v in sample if isinstance(v, dict) and "installations" in v)
    return bool(sample) and hits * 2 > len(sample)


def _first_positional(args: list[str], skip_values: frozenset[str] = frozenset()) -> str | None:
    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
            continue
        if arg in skip_values:
            skip_next = True
            continue
        if arg.startswith("-") or arg.startswith("$"):
            continue
        return arg
    return None


# uv/uvx options that take a value: never mistaken for the package
_UV_VALUE_FLAGS = frozenset(
    {"--from", "--with", "--python", "-p", "--directory", "--project", "--index-url", "--extra-index-url",
     "--index", "--default-index", "--find-links", "-f", "--with-requirements", "--env-file", "--cache-dir",
     "--constraint", "-c", "--override", "--python-preference"}
)


def _uv_package(inst: dict[str, Any], args: list[str]) -> str | None:
    """The PyPI package an mcpm "uvx" installation runs, or None when it runs local code.

    `uvx X` and `uv tool run X` run package X (or the one named by --from); `uv run --with X …`
    adds package X; a plain `uv run script.py` / `uv --directory D run …` runs a local project,
    which names no package at all.
    """
    declared = inst.get("package")
    if isinstance(declared, str) and declared.strip() and not declared.startswith("["):
        return declared.strip()
    if "--from" in args and args.index("--from") + 1 < len(args):
        return args[args.index("--from") + 1]
    command = str(inst.get("command") or "").rsplit("/", 1)[-1]
    if command == "uv":
        words = [a for a in args if not a.startswith("-")]
        if words[:2] == ["tool", "run"]:
            return _first_positional(args[args.index("run") + 1 :], _UV_VALUE_FLAGS)
        if "run" in args:
            if "--with" in args and args.index("--with") + 1 < len(args):
                return args[args.index("--with") + 1]
            return None  # `uv run` of a local script or project
        return None
    spec = _first_positional(args, _UV_VALUE_FLAGS)
    if spec is None or "/" in spec or spec.endswith(".py"):
        return None
    return spec


def _split_npm(spec: str) -> tuple[str, str | None]:
    at = spec.rfind("@")
    if at > 0:  # "@scope/pkg@1.2" or "pkg@1.2"; a leading "@" is the scope
        return spec[:at], spec[at + 1 :] or None
    return spec, None


def _install_packages(installs: dict[str, Any]) -> list[PackageRef]:
    refs: list[PackageRef] = []
    for kind, inst in installs.items():
        if not isinstance(inst, dict):
            raise RecordError(f"field 'installations.{str(kind)[:40]}': expected an object")
        args = inst.get("args")
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            continue
        itype = inst.get("type")
        if itype == "npm":
            spec = _first_positional(args)
            if spec:
                name, version = _split_npm(spec)
                refs.append(package_ref("npm", name, version, f"installations.{kind}"))
        elif itype == "uvx":
            spec = _uv_package(inst, args)
            if spec:
                name, _, version = spec.partition("==")
                refs.append(package_ref("pypi", name, version or None, f"installations.{kind}"))
        elif itype == "docker":
            rest = args[args.index("run") + 1 :] if "run" in args else args
            image = _first_positional(rest, _DOCKER_VALUE_FLAGS)
            if image:
                refs.append(package_ref("oci", image, None, f"installations.{kind}"))
    # One package may be installable several ways; keep each reference once.
    seen: set[tuple[str, str, str | None]] = set()
    unique = []
    for ref in refs:
        key = (ref.registry, ref.identifier, ref.version)
        if key not in seen:
            seen.add(key)
            unique.append(ref)
    return unique


def server_record(source: str, data: Any, where: str, key: str | None = None) -> ServerRecord:
    if not isinstance(data, dict):
        raise RecordError("expected an object")
    name = get_str(data, "name", required=key is None) or key
    if not name:
        raise RecordError("field 'name': missing")
    repo = get_dict(data, "repository")
    installs = get_dict(data, "installations") or {}
    raw_tools = data.get("tools")
    tools = None if raw_tools is None else tool_list(raw_tools, "tools")
    meta: dict[str, Any] = {
        "install_types": sorted({str(v.get("type"))[:20] for v in installs.values() if isinstance(v, dict)})
    }
    for flag in ("is_official", "is_archived"):
        if isinstance(data.get(flag), bool):
            meta[flag] = data[flag]
    license_ = data.get("license")
    if isinstance(license_, str):
        meta["license"] = license_[:100]
    return make_server(
        source=source,
        source_id=name,
        name=name,
        title=get_str(data, "display_name"),
        description=get_str(data, "description"),
        repository_url=get_str(repo, "url", label="repository.url") if repo else None,
        homepage=get_str(data, "homepage"),
        packages=_install_packages(installs),
        source_url=where,
        status="deprecated" if data.get("is_archived") is True else "active",
        categories=small_str_list(data, "categories"),
        tools=tools,
        meta=meta,
    )


def _label(key: Any, data: Any, index: int) -> str:
    name = data.get("name") if isinstance(data, dict) else None
    shown = name if isinstance(name, str) else key
    return f"server {str(shown)[:100]!r}" if shown is not None else f"server {index}"


def iter_mcpm(source: str, data: Any, where: str) -> ParseRun:
    """A single server file, or the aggregated servers.json (map name → server, or array)."""
    if isinstance(data, dict) and "installations" in data:
        entries: list[tuple[str | None, Any]] = [(None, data)]
    elif isinstance(data, dict):
        entries = list(data.items())
    elif isinstance(data, list):
        entries = [(None, item) for item in data]
    else:
        raise ParseError(f"{where}: top level: expected an object or an array")

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        for i, (key, item) in enumerate(entries):
            rec = guarded(
                errors,
                where,
                _label(key, item, i),
                lambda key=key, item=item: server_record(source, item, where, key),
            )
            if rec is not None:
                yield rec

    return ParseRun(produce)


def parse_mcpm(source: str, path: Path) -> ParseRun:
    if not path.is_dir():
        return iter_mcpm(source, load_json(path), display_path(path))
    files = sorted(p for p in path.glob("*.json") if p.is_file())

    def produce(errors: list[str]) -> Iterator[ServerRecord]:
        for file in files:
            try:
                data = load_json(file)
            except ParseError as exc:
                errors.append(str(exc))
                continue
            fw = display_path(file)
            if not isinstance(data, dict):
                errors.append(f"{fw}: top level: expected an object")
                continue
            rec = guarded(
                errors, fw, _label(None, data, 0), lambda data=data, fw=fw: server_record(source, data, fw)
            )
            if rec is not None:
                yield rec

    return ParseRun(produce)
