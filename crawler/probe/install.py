"""Install one pinned package version into its own folder, with network, and no code of its own run.

npm: `npm install --ignore-scripts` into a private prefix. PyPI: a fresh venv on a
world-readable interpreter, filled by the crawler's own pip with wheels only (`--only-binary`, `--no-compile`: 2-3x faster),
so no `setup.py` runs. The installed code is only ever started inside the sandbox; this module
reads its metadata files as data (a venv's Python is never run outside, since `.pth` files in
site-packages execute at start-up).
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from crawler.probe.kinds import FailureKind, excerpt
from crawler.probe.spec import ProbeTarget, normalise_pypi

MAX_METADATA_BYTES = 4 * 1024 * 1024  # package.json, lock files, entry_points.txt
_SCRIPT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class ProbeError(Exception):
    """A probe step failed in a way that has a failure kind."""

    def __init__(self, kind: FailureKind, message: str) -> None:
        super().__init__(message)
        self.kind: FailureKind = kind
        self.message = message


@dataclass
class Installed:
    target: ProbeTarget
    version: str
    root: Path  # the install folder; bound read-only into the sandbox at the same path
    command: list[str]  # absolute argv that starts the server
    runtime: Literal["node", "python"]
    seconds: float
    install_scripts: list[str] = field(default_factory=list)  # npm packages whose scripts were skipped
    constraints: list[str] = field(default_factory=list)
    sdk_version: str | None = None  # the `mcp` SDK version a PyPI install resolved to


@dataclass
class InstallConfig:
    cache_dir: Path  # download cache shared by one run; never visible inside the sandbox
    timeout_s: float = 300.0
    base_python: str | None = None  # interpreter for server venvs (must be readable by the sandbox user)
    npm: str = "npm"
    node: str = "node"
    pip_extra: list[str] = field(default_factory=list)


def default_base_python() -> str:
    # A pyenv interpreter under /root cannot be reached by the unprivileged sandbox user (live.md).
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.access(candidate, os.X_OK):
            return candidate
    return sys.executable


def _read_json(path: Path) -> dict:
    if not path.is_file() or path.stat().st_size > MAX_METADATA_BYTES:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _run(argv: list[str], timeout: float, what: str, env: dict[str, str] | None = None) -> str:
    try:
        proc = subprocess.run(
            argv, capture_output=True, text=True, errors="replace", timeout=timeout, env=env, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as exc:
        raise ProbeError("install_failed", f"{what} took longer than {timeout:.0f} s") from exc
    except OSError as exc:
        raise ProbeError("install_failed", f"{what} could not start: {exc}") from exc
    if proc.returncode != 0:
        raise ProbeError("install_failed", f"{what} exited {proc.returncode}: {excerpt(proc.stderr or proc.stdout)}")
    return proc.stdout


def install(target: ProbeTarget, folder: Path, config: InstallConfig, constraints: list[str] | None = None) -> Installed:
    """Install `target` into `folder` (created; must not exist yet)."""
    folder.mkdir(parents=True, exist_ok=False)
    folder.chmod(0o755)
    started = time.monotonic()
    if target.registry == "npm":
        installed = _install_npm(target, folder, config)
    else:
        installed = _install_pypi(target, folder, config, constraints or [])
    installed.seconds = round(time.monotonic() - started, 3)
    return installed


# --- npm ---------------------------------------------------------------------------------


def _install_npm(target: ProbeTarget, folder: Path, config: InstallConfig) -> Installed:
    if target.local_source is not None:
        spec = str(target.local_source)
    else:
        spec = f"{target.package}@{target.version or 'latest'}"
    env = dict(os.environ)
    env.update({"npm_config_update_notifier": "false", "npm_config_fund": "false", "npm_config_audit": "false"})
    _run(
        [config.npm, "install", "--prefix", str(folder), "--cache", str(config.cache_dir), "--ignore-scripts",
         "--no-audit", "--no-fund", "--prefer-offline", "--omit=dev", "--loglevel=error", spec],
        config.timeout_s, "npm install", env,
    )
    pkg_dir = folder / "node_modules" / target.package
    manifest = _read_json(pkg_dir / "package.json")
    if not manifest:
        raise ProbeError("install_failed", f"npm installed no package named {target.package}")
    version = str(manifest.get("version") or "")
    if manifest.get("name") != target.package:
        raise ProbeError("install_failed", f"the installed package calls itself {str(manifest.get('name'))[:100]!r}")
    if target.version and version != target.version:
        raise ProbeError("install_failed", f"asked for {target.version}, npm installed {version[:60]}")
    entry = _npm_entry(target.package, pkg_dir, manifest)
    return Installed(
        target=target,
        version=version,
        root=folder,
        command=_node_command(entry, config.node),
        runtime="node",
        seconds=0.0,
        install_scripts=_npm_install_scripts(folder),
    )


def _npm_entry(package: str, pkg_dir: Path, manifest: dict) -> Path:
    bins = manifest.get("bin")
    rel: str | None = None
    if isinstance(bins, str):
        rel = bins
    elif isinstance(bins, dict) and bins:
        names = {str(k): str(v) for k, v in bins.items()}
        short = package.rsplit("/", 1)[-1]
        rel = names.get(short) or next((v for k, v in sorted(names.items()) if "mcp" in k.lower()), None)
        rel = rel or names[sorted(names)[0]]
    elif isinstance(manifest.get("main"), str):
        rel = manifest["main"]
    elif (pkg_dir / "index.js").is_file():
        rel = "index.js"
    if not rel:
        raise ProbeError("not_a_server", "the package has no `bin` or `main` entry point")
    entry = pkg_dir / rel
    if not _inside(entry, pkg_dir) or not entry.is_file():
        raise ProbeError("not_a_server", f"entry point {rel[:100]!r} is missing or outside the package")
    return entry


def _node_command(entry: Path, node: str) -> list[str]:
    with entry.open("rb") as handle:
        first = handle.readline(256)
    if first.startswith(b"#!") and b"node" not in first:
        return [str(entry)]  # a shell (or other) launcher; it runs inside the sandbox all the same
    node_path = shutil.which(node) or node
    return [os.path.realpath(node_path), str(entry)]


def _npm_install_scripts(folder: Path) -> list[str]:
    lock = _read_json(folder / "node_modules" / ".package-lock.json")
    packages = lock.get("packages")
    if not isinstance(packages, dict):
        return []
    found = []
    for path, info in packages.items():
        if isinstance(info, dict) and info.get("hasInstallScript") is True:
            found.append(str(path).rsplit("node_modules/", 1)[-1][:214])
    return sorted(found)[:50]


# --- PyPI --------------------------------------------------------------------------------


def _install_pypi(target: ProbeTarget, folder: Path, config: InstallConfig, constraints: list[str]) -> Installed:
    base = config.base_python or default_base_python()
    venv = folder / "venv"
    _run([base, "-m", "venv", "--without-pip", str(venv)], 120, "python -m venv")
    report = folder / "pip-report.json"
    requirement = f"{target.package}=={target.version}" if target.version else target.package
    argv = [
        sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
        "--only-binary=:all:", "--no-compile", "--no-input", "--disable-pip-version-check", "--no-warn-script-location",
        "--cache-dir", str(config.cache_dir), "--report", str(report), "--quiet",
        *config.pip_extra,
    ]
    if target.local_source is not None:
        argv += ["--no-index", "--find-links", str(target.local_source)]
    argv += [requirement, *constraints]
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    try:
        _run(argv, config.timeout_s, "pip install", env)
    except ProbeError as exc:
        if "from versions: none" in exc.message or "No matching distribution" in exc.message:
            raise ProbeError(
                "install_failed", f"no wheel of {requirement} (source builds are never run): {exc.message}"
            ) from exc
        raise
    version = _pypi_version(report, target.package) or ""
    sdk_version = _pypi_version(report, "mcp", required=False)
    if target.version and normalise_pypi(version) != normalise_pypi(target.version):
        raise ProbeError("install_failed", f"asked for {target.version}, pip installed {version[:60]}")
    script = _pypi_entry(venv, target.package, version)
    return Installed(
        target=target, version=version, root=folder, command=[str(venv / "bin" / script)], runtime="python",
        seconds=0.0, constraints=list(constraints), sdk_version=sdk_version,
    )


def _pypi_version(report: Path, package: str, *, required: bool = True) -> str | None:
    data = _read_json(report)
    wanted = normalise_pypi(package)
    for item in data.get("install") or []:
        meta = item.get("metadata") if isinstance(item, dict) else None
        if isinstance(meta, dict) and normalise_pypi(str(meta.get("name", ""))) == wanted:
            return str(meta.get("version", ""))[:100]
    if not required:
        return None
    raise ProbeError("install_failed", f"pip did not report installing {package}")


def _site_packages(venv: Path) -> Path:
    found = sorted((venv / "lib").glob("python3*/site-packages"))
    if not found:
        raise ProbeError("install_failed", "the venv has no site-packages")
    return found[0]


def _pypi_entry(venv: Path, package: str, version: str) -> str:
    wanted = normalise_pypi(package)
    dist_info = None
    for candidate in _site_packages(venv).glob("*.dist-info"):
        name, _, rest = candidate.name[: -len(".dist-info")].partition("-")
        if normalise_pypi(name) == wanted and normalise_pypi(rest) == normalise_pypi(version):
            dist_info = candidate
            break
    if dist_info is None:
        raise ProbeError("install_failed", f"no .dist-info for {package} {version}")
    entry_points = dist_info / "entry_points.txt"
    scripts: dict[str, str] = {}
    if entry_points.is_file() and entry_points.stat().st_size <= MAX_METADATA_BYTES:
        parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        try:
            parser.read_string(entry_points.read_text(encoding="utf-8", errors="replace"))
        except configparser.Error:
            parser = configparser.ConfigParser()
        if parser.has_section("console_scripts"):
            scripts = dict(parser.items("console_scripts"))
    names = sorted(n for n in scripts if _SCRIPT_NAME.match(n) and (venv / "bin" / n).is_file())
    if not names:
        raise ProbeError("not_a_server", f"{package} {version} installs no console script to start")
    for name in names:
        if normalise_pypi(name) == wanted:
            return name
    return next((n for n in names if "mcp" in n.lower()), names[0])
