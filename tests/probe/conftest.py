"""Fixtures for the probe tests: local packages of tiny MCP servers, installed offline.

PyPI side: wheels built here (a wheel is a zip with a .dist-info folder) into a find-links
folder, installed with `--no-index`. npm side: `npm pack` of tests/probe/servers/node.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.probe import ProbeConfig, RpcLimits, SandboxConfig

SERVERS = Path(__file__).parent / "servers"




def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(
    folder: Path, name: str, version: str, files: dict[str, str], *, requires: list[str] = (),  # type: ignore[assignment]
    scripts: dict[str, str] | None = None,
) -> Path:
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {r}" for r in requires]
    contents = dict(files)
    contents[f"{info}/METADATA"] = "\n".join(metadata) + "\n"
    contents[f"{info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: toolrisk-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    if scripts:
        contents[f"{info}/entry_points.txt"] = "[console_scripts]\n" + "".join(f"{k} = {v}\n" for k, v in scripts.items())
    record = [_record_line(path, text.encode()) for path, text in contents.items()]
    record.append(f"{info}/RECORD,,")
    contents[f"{info}/RECORD"] = "\n".join(record) + "\n"
    path = folder / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in contents.items():
            archive.writestr(member, text)
    return path


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheelhouse")
    server_code = (SERVERS / "python" / "toy_mcp_server.py").read_text()
    build_wheel(folder, "toy-mcp-server", "0.1.0", {"toy_mcp_server.py": server_code},
                scripts={"toy-mcp-server": "toy_mcp_server:main"})
    # SDK drift: `mcp` 2.0 removed Server.list_resources, 1.9 still has it (as the real mcp 2.x did).
    build_wheel(folder, "mcp", "1.9.0", {"mcp/__init__.py": "", "mcp/server.py":
                "class Server:\n    def list_resources(self):\n        return []\n"})
    build_wheel(folder, "mcp", "2.0.0", {"mcp/__init__.py": "", "mcp/server.py": "class Server:\n    pass\n"})
    drift = (
        "import sys\nimport mcp.server\nimport toy_mcp_server\n\n"
        "def main():\n    mcp.server.Server().list_resources\n    toy_mcp_server.main()\n"
    )
    build_wheel(folder, "toy-drift-server", "0.2.0", {"toy_drift_server.py": drift},
                requires=["mcp", "toy-mcp-server"], scripts={"toy-drift-server": "toy_drift_server:main"})
    # A package with no console script at all.
    build_wheel(folder, "toy-library", "1.0.0", {"toy_library.py": "X = 1\n"})
    return folder


@pytest.fixture(scope="session")
def node_tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("npm")
    subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", str(folder), str(SERVERS / "node")],
        check=True, capture_output=True, timeout=60,
    )
    (tarball,) = folder.glob("toy-node-mcp-*.tgz")
    return tarball


@pytest.fixture(scope="session")
def probe_root() -> Iterator[Path]:
    # Under /var/tmp, not pytest's 0700 tmp dir: the sandbox user must reach the install folders.
    root = Path(tempfile.mkdtemp(prefix="toolrisk-probe-tests-", dir="/var/tmp"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def probe_config(probe_root: Path) -> ProbeConfig:
    return ProbeConfig(
        work_root=probe_root,
        cache_dir=probe_root / "cache",
        limits=RpcLimits(deadline_s=15.0, max_stdout_bytes=2 * 1024 * 1024, max_message_bytes=512 * 1024),
        sandbox=SandboxConfig(),
    )
