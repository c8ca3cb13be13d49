"""Fixtures for the probe tests: local packages of tiny MCP servers, installed offline.

PyPI side: wheels built here (a wheel is a zip with a .dist-info folder) into a find-links
folder, installed with `--no-index`. npm side: `npm pack` of tests/probe/servers/node.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.probe import ProbeConfig, RpcLimits, SandboxConfig, SandboxUnavailable
from crawler.probe.batch import preflight

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
    try:
        preflight(ProbeConfig(work_root=root))
    except SandboxUnavailable as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"{exc} — the probe needs bubblewrap: apt-get install -y bubblewrap", pytrace=False)
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


class _Registry(http.server.BaseHTTPRequestHandler):
    """Serves one package the way the npm registry does: a packument and a tarball."""

    tarball: Path
    name = "toy-node-mcp"
    version = "1.2.3"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        host = f"http://127.0.0.1:{self.server.server_address[1]}"
        data = self.tarball.read_bytes()
        if self.path.rstrip("/") == f"/{self.name}":
            integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
            manifest = json.loads((SERVERS / "node" / "package.json").read_text())
            manifest["dist"] = {"tarball": f"{host}/{self.name}/-/{self.tarball.name}", "integrity": integrity}
            body = json.dumps({"name": self.name, "dist-tags": {"latest": self.version},
                               "versions": {self.version: manifest}}).encode()
            kind = "application/json"
        elif self.path == f"/{self.name}/-/{self.tarball.name}":
            body, kind = data, "application/octet-stream"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def local_registries(node_tarball: Path, wheelhouse: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point npm at a registry on 127.0.0.1 and pip at the wheelhouse, as `--from-catalog` installs by name."""
    handler = type("Handler", (_Registry,), {"tarball": node_tarball})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    monkeypatch.setenv("npm_config_registry", url)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(wheelhouse))
    yield url
    server.shutdown()
    server.server_close()
