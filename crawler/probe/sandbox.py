"""The bubblewrap sandbox a probed server runs in.

No network (`--unshare-all`), cleared environment, read-only binds of an allow-list only
(`/usr`, a few `/etc` files written by us, the install folder), tmpfs HOME and /tmp with a
size cap, read-only root, unprivileged host user when we run as root (bwrap started by real
root would still read root-only files: live.md), rlimits through `prlimit`, and memory/pids
caps through a cgroup when one can be made. The memory cap is never RLIMIT_AS: node's wasm
reserves ~10 GiB of address space at start-up (live.md, node trap).

Whole-tree kill: the server is pid 1's child in its own pid namespace, so when it or bwrap
dies the kernel kills every process left in the namespace; `--die-with-parent` covers our
own death, and the cgroup (when present) is emptied with SIGKILL as a second line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

SANDBOX_HOME = "/home/probe"
NOBODY = 65534
_TOP_LEVEL = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
_ETC_BINDS = ("/etc/ssl", "/etc/ca-certificates", "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf",
              "/etc/ld.so.conf.d", "/etc/mime.types")


class SandboxUnavailable(RuntimeError):
    """bwrap is missing or cannot create namespaces here."""


@dataclass
class SandboxConfig:
    bwrap: str = "bwrap"
    memory_bytes: int = 768 * 1024 * 1024
    pids: int = 256
    cpu_seconds: int = 120
    nofile: int = 1024
    fsize_bytes: int = 64 * 1024 * 1024
    tmpfs_bytes: int = 64 * 1024 * 1024
    drop_to_uid: int | None = NOBODY  # used only when we are root
    use_cgroup: bool = True
    extra_ro_binds: list[Path] = field(default_factory=list)


def find_bwrap(config: SandboxConfig) -> str:
    path = shutil.which(config.bwrap)
    if not path:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed; install the Debian package `bubblewrap`"
        )
    return path


def _sandbox_uid(config: SandboxConfig) -> int:
    if os.geteuid() == 0 and config.drop_to_uid is not None:
        return config.drop_to_uid
    return os.geteuid()


def write_etc(folder: Path, uid: int) -> Path:
    """Minimal /etc files for the sandbox (no host user names, no resolver, UTC)."""
    etc = folder / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    files = {
        "passwd": f"root:x:0:0:root:/root:/usr/sbin/nologin\nprobe:x:{uid}:{uid}:probe:{SANDBOX_HOME}:/usr/sbin/nologin\n",
        "group": f"root:x:0:\nprobe:x:{uid}:\n",
        "hosts": "127.0.0.1 localhost\n::1 localhost\n",
        "nsswitch.conf": "passwd: files\ngroup: files\nhosts: files\n",
        "hostname": "probe\n",
    }
    for name, text in files.items():
        (etc / name).write_text(text, encoding="utf-8")
        (etc / name).chmod(0o644)
    etc.chmod(0o755)
    folder.chmod(0o755)
    return etc


def _runtime_binds(command: list[str]) -> list[Path]:
    """Interpreter prefixes outside /usr (e.g. a node under /opt) that the server needs."""
    binds = []
    for part in command[:1]:
        real = Path(os.path.realpath(part))
        if not str(real).startswith("/usr/"):
            binds.append(real.parent.parent)
    return binds


def bwrap_argv(
    command: list[str],
    install_root: Path,
    etc: Path,
    env: dict[str, str],
    config: SandboxConfig,
) -> list[str]:
    """The bwrap part of the command line (run it through `wrap_limits`)."""
    argv = [find_bwrap(config), "--unshare-all", "--die-with-parent", "--new-session", "--hostname", "probe",
            "--ro-bind", "/usr", "/usr"]
    for name in _TOP_LEVEL:
        host = Path("/") / name
        if host.is_symlink():
            argv += ["--symlink", os.readlink(host), f"/{name}"]
        elif host.is_dir():
            argv += ["--ro-bind", str(host), f"/{name}"]
    for path in _ETC_BINDS:
        argv += ["--ro-bind-try", path, path]
    for name in ("passwd", "group", "hosts", "nsswitch.conf", "hostname"):
        argv += ["--ro-bind", str(etc / name), f"/etc/{name}"]
    if Path("/usr/share/zoneinfo/UTC").exists():
        argv += ["--ro-bind", "/usr/share/zoneinfo/UTC", "/etc/localtime"]
    argv += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(config.tmpfs_bytes), "--tmpfs", "/tmp",
             "--size", str(config.tmpfs_bytes), "--tmpfs", SANDBOX_HOME]
    for bind in [install_root, *_runtime_binds(command), *config.extra_ro_binds]:
        argv += ["--ro-bind", str(bind), str(bind)]
    argv += ["--remount-ro", "/", "--chdir", SANDBOX_HOME, "--clearenv"]
    base_env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": SANDBOX_HOME,
        "USER": "probe",
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "TMPDIR": "/tmp",
        "PYTHONDONTWRITEBYTECODE": "1",
        "NO_COLOR": "1",
    }
    for key, value in {**base_env, **env}.items():
        argv += ["--setenv", key, value]
    return [*argv, "--", *command]


class Cgroup:
    """A memory+pids cgroup for one server (v2, or v1 memory and pids hierarchies)."""

    def __init__(self, name: str, memory_bytes: int, pids: int) -> None:
        self.dirs: list[Path] = []
        self.v2 = Path("/sys/fs/cgroup/cgroup.controllers").exists()
        try:
            if self.v2:
                parent = _own_cgroup_v2() / "toolrisk-probe"
                parent.mkdir(exist_ok=True)
                with contextlib.suppress(OSError):
                    _write(parent / "cgroup.subtree_control", "+memory +pids")
                group = parent / name
                group.mkdir()
                self.dirs.append(group)
                _write(group / "memory.max", str(memory_bytes))
                _write(group / "pids.max", str(pids))
            else:
                for controller, limit_file, value in (
                    ("memory", "memory.limit_in_bytes", memory_bytes),
                    ("pids", "pids.max", pids),
                ):
                    group = _own_cgroup_v1(controller) / "toolrisk-probe" / name
                    group.mkdir(parents=True)
                    self.dirs.append(group)
                    _write(group / limit_file, str(value))
        except OSError:
            self.remove()
            raise

    @property
    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs]

    def pids(self) -> list[int]:
        found: set[int] = set()
        for d in self.dirs:
            with contextlib.suppress(OSError):
                found.update(int(x) for x in (d / "cgroup.procs").read_text().split())
        return sorted(found)

    def kill_all(self) -> None:
        if self.v2 and self.dirs:
            with contextlib.suppress(OSError):
                _write(self.dirs[0] / "cgroup.kill", "1")
        for _ in range(50):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)

    def peak_memory(self) -> int | None:
        for d in self.dirs:
            for name in ("memory.peak", "memory.max_usage_in_bytes"):
                with contextlib.suppress(OSError, ValueError):
                    return int((d / name).read_text().strip())
        return None

    def remove(self) -> None:
        for d in self.dirs:
            for _ in range(20):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def _write(path: Path, value: str) -> None:
    with open(path, "w") as handle:
        handle.write(value)


def _own_cgroup_v2() -> Path:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        if line.startswith("0::"):
            return Path("/sys/fs/cgroup") / line[3:].lstrip("/")
    return Path("/sys/fs/cgroup")


def _own_cgroup_v1(controller: str) -> Path:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            candidate = Path("/sys/fs/cgroup") / controller / path.lstrip("/")
            if candidate.is_dir():
                return candidate
    return Path("/sys/fs/cgroup") / controller


def make_cgroup(name: str, config: SandboxConfig) -> Cgroup | None:
    """A cgroup for one run, or None where we may not create one (then node gets a heap cap only)."""
    if not config.use_cgroup:
        return None
    try:
        return Cgroup(name, config.memory_bytes, config.pids)
    except OSError:
        return None


def wrap_limits(bwrap: list[str], config: SandboxConfig, cgroup: Cgroup | None) -> list[str]:
    """sh (joins the cgroup, as root) → prlimit → setpriv (drops to nobody) → bwrap."""
    limits = [
        shutil.which("prlimit") or "prlimit",
        f"--nofile={config.nofile}:{config.nofile}",
        f"--fsize={config.fsize_bytes}:{config.fsize_bytes}",
        f"--cpu={config.cpu_seconds}:{config.cpu_seconds}",
        "--core=0:0",
    ]
    uid = _sandbox_uid(config)
    drop: list[str] = []
    if uid != os.geteuid():
        limits.append(f"--nproc={config.pids * 8}:{config.pids * 8}")  # per-uid count, shared by parallel jobs
        drop = [shutil.which("setpriv") or "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all"]
    argv = [*limits, "--", *drop, *bwrap]
    if cgroup is not None and cgroup.procs_files:
        # Join before exec so every descendant is born inside the cgroup (no race).
        script = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done; exec "$@"'
        argv = ["/bin/sh", "-c", script, "sh", str(len(cgroup.procs_files)), *cgroup.procs_files, *argv]
    return argv


def sandbox_uid(config: SandboxConfig) -> int:
    return _sandbox_uid(config)
