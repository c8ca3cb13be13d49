"""What to probe: a package on npm or PyPI at one version, validated before it reaches a command line.

Package names and versions come from hostile index data. They end up as arguments to
`npm install` and `pip install`, which both accept URLs, paths and version ranges in the
same slot, so only plain registry names and plain version strings are let through.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from catalog.errors import BadInput

Registry = Literal["npm", "pypi"]
REGISTRIES: tuple[Registry, ...] = ("npm", "pypi")

# npm: optional @scope/, then a name; no leading dot/underscore, no path or URL characters.
_NPM_NAME = re.compile(r"^(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$", re.IGNORECASE)
# PyPI: PEP 508 name.
_PYPI_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
# A single exact version: no ranges, specifiers, spaces, URLs or paths.
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+_-]*$")
# Environment variable names a server may ask for (placeholders only, see runner).
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{1,63}$")

MAX_PACKAGE_CHARS = 214  # npm's own limit; PyPI names are shorter in practice
MAX_VERSION_CHARS = 100
MAX_ARGS = 16
MAX_ARG_CHARS = 512


class ProbeTarget(BaseModel):
    """One package version to install and list. `version=None` means the newest published one."""

    model_config = ConfigDict(frozen=True)

    registry: Registry
    package: str
    version: str | None = None
    # Install from this local path (npm tarball/folder, or a folder of wheels for PyPI) instead
    # of the registry; used by tests and for servers under development.
    local_source: Path | None = None
    # Extra command-line arguments for the server (e.g. an allowed directory).
    args: tuple[str, ...] = ()
    # Placeholder environment variables to set from the start (never real secrets).
    env: tuple[tuple[str, str], ...] = ()
    # The catalog server this package belongs to, when known (its slug).
    server: str | None = Field(default=None)

    @property
    def key(self) -> str:
        return f"{self.registry}:{self.package}"

    @property
    def label(self) -> str:
        return f"{self.registry}:{self.package}@{self.version or 'latest'}"


def normalise_pypi(name: str) -> str:
    """PEP 503 normal form, used to compare and to find `.dist-info` folders."""
    return re.sub(r"[-_.]+", "-", name).lower()


def check_package(registry: str, package: str) -> str:
    if registry not in REGISTRIES:
        raise BadInput(f"--registry {registry!r}: must be one of {', '.join(REGISTRIES)}")
    package = package.strip()
    if not package or len(package) > MAX_PACKAGE_CHARS:
        raise BadInput(f"package name {package[:80]!r}: empty or longer than {MAX_PACKAGE_CHARS} characters")
    pattern = _NPM_NAME if registry == "npm" else _PYPI_NAME
    if not pattern.match(package):
        raise BadInput(f"package name {package[:80]!r}: not a plain {registry} package name")
    return package


def check_version(version: str | None) -> str | None:
    if version is None:
        return None
    version = version.strip()
    if version in ("", "latest"):
        return None
    if len(version) > MAX_VERSION_CHARS or not _VERSION.match(version):
        raise BadInput(f"version {version[:80]!r}: not a single exact version")
    return version


def check_args(args: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    if len(args) > MAX_ARGS:
        raise BadInput(f"--arg: at most {MAX_ARGS} server arguments")
    for arg in args:
        if len(arg) > MAX_ARG_CHARS or "\x00" in arg:
            raise BadInput(f"--arg {arg[:40]!r}: too long or contains NUL")
    return tuple(args)


def parse_spec(spec: str, registry: str) -> tuple[str, str | None]:
    """`name`, `name@1.2.3`, `@scope/name@1.2.3`, and for PyPI also `name==1.2.3`."""
    spec = spec.strip()
    if registry == "pypi" and "==" in spec:
        name, _, version = spec.partition("==")
    elif "@" in spec[1:]:
        at = spec.rindex("@")
        name, version = spec[:at], spec[at + 1:]
    else:
        name, version = spec, None
    if version is not None and not version.strip():
        raise BadInput(f"{spec[:80]!r}: nothing after the version separator")
    return check_package(registry, name), check_version(version)


def make_target(
    spec: str,
    registry: str,
    *,
    local_source: Path | None = None,
    args: list[str] | tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    server: str | None = None,
) -> ProbeTarget:
    package, version = parse_spec(spec, registry)
    pairs = []
    for name, value in sorted((env or {}).items()):
        if not ENV_NAME.match(name):
            raise BadInput(f"--env {name[:40]!r}: not an environment variable name")
        pairs.append((name, value))
    if local_source is not None and not local_source.exists():
        raise BadInput(f"--from-path {local_source}: no such file or folder")
    return ProbeTarget(
        registry=registry,  # type: ignore[arg-type]
        package=package,
        version=version,
        local_source=local_source.resolve() if local_source else None,
        args=check_args(args),
        env=tuple(pairs),
        server=server,
    )
