"""Probe one package: install, run sandboxed, list tools, retry by live.md's rules, name the failure.

Retries (each at most once per probe):
- placeholder environment variables named in the server's own error output (never a real value);
- Python servers that crash inside the MCP SDK: reinstall in a fresh venv with `mcp<2`;
- servers that exit with a usage message: placeholder arguments read off the message
  (argparse's required options and choices, a directory = the empty sandbox HOME, a
  database/URL = an unreachable localhost placeholder), at most twice.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from catalog.models import utcnow
from crawler.probe.install import InstallConfig, Installed, ProbeError, install
from crawler.probe.kinds import (
    FailureKind,
    asked_env_vars,
    excerpt,
    guess_args,
    is_sdk_drift,
    mentions_network,
    summarise_stderr,
)
from crawler.probe.rpc import Capture, RpcLimits, SessionFailure, list_tools
from crawler.probe.sandbox import (
    SANDBOX_HOME,
    SandboxConfig,
    SandboxUnavailable,
    bwrap_argv,
    make_cgroup,
    sandbox_uid,
    wrap_limits,
    write_etc,
)
from crawler.probe.spec import ProbeTarget

PLACEHOLDER = "placeholder-not-a-key"
SDK_PIN = "mcp<2"
MAX_ARG_GUESSES = 2
DEFAULT_WORK_ROOT = Path(os.environ.get("TOOLRISK_PROBE_DIR", "/var/tmp/toolrisk-probe"))


@dataclass
class ProbeConfig:
    work_root: Path = DEFAULT_WORK_ROOT  # must be reachable by the sandbox user (not under /root)
    cache_dir: Path | None = None  # shared download cache; None = a throwaway one per run
    limits: RpcLimits = field(default_factory=RpcLimits)
    sandbox: SandboxConfig = field(default_factory=SandboxConfig)
    install_timeout_s: float = 300.0
    keep_installs: bool = False
    max_attempts: int = 5
    base_python: str | None = None
    node_heap_mb: int = 512
    pip_extra: list[str] = field(default_factory=list)


@dataclass
class ProbeOutcome:
    target: ProbeTarget
    version: str | None = None
    capture: Capture | None = None
    kind: FailureKind | None = None
    message: str = ""
    install_s: float = 0.0
    list_s: float = 0.0
    attempts: int = 0
    notes: list[str] = field(default_factory=list)  # retries taken, in order
    env_placeholders: list[str] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    install_scripts: list[str] = field(default_factory=list)
    peak_memory: int | None = None
    finished_at: datetime = field(default_factory=utcnow)

    @property
    def ok(self) -> bool:
        return self.capture is not None


@dataclass
class _RunResult:
    capture: Capture | None
    failure: SessionFailure | None
    stderr: str
    peak_memory: int | None


def _private_dir(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(PermissionError):
        root.chmod(0o755)
    folder = Path(tempfile.mkdtemp(prefix="p-", dir=root))
    folder.chmod(0o755)  # mkdtemp makes it 0700; the sandbox user must reach the install inside
    return folder


def probe(target: ProbeTarget, config: ProbeConfig, cache_dir: Path | None = None) -> ProbeOutcome:
    """Install and list one package. Never raises for a server's fault: the outcome says what happened."""
    outcome = ProbeOutcome(target=target, args=list(target.args))
    workdir = _private_dir(config.work_root)
    own_cache = cache_dir is None and config.cache_dir is None
    cache = cache_dir or config.cache_dir or workdir / "cache"
    install_config = InstallConfig(
        cache_dir=cache, timeout_s=config.install_timeout_s, base_python=config.base_python,
        pip_extra=config.pip_extra,
    )
    try:
        _probe(target, config, install_config, workdir, outcome)
    finally:
        if not config.keep_installs:
            shutil.rmtree(workdir, ignore_errors=True)
        elif own_cache:
            shutil.rmtree(cache, ignore_errors=True)
        outcome.finished_at = utcnow()
    return outcome


def _probe(
    target: ProbeTarget, config: ProbeConfig, install_config: InstallConfig, workdir: Path, outcome: ProbeOutcome
) -> None:
    etc = write_etc(workdir / "sandbox", sandbox_uid(config.sandbox))
    env = dict(target.env)
    args = list(target.args)
    constraints: list[str] = []
    arg_guesses = 0
    installed: Installed | None = None
    last: _RunResult | None = None
    while outcome.attempts < config.max_attempts:
        if installed is None:
            try:
                installed = install(target, workdir / f"install-{outcome.attempts}", install_config, constraints)
            except ProbeError as exc:
                outcome.kind, outcome.message = exc.kind, exc.message
                return
            outcome.version = installed.version
            outcome.install_s = round(outcome.install_s + installed.seconds, 3)
            outcome.install_scripts = installed.install_scripts
        outcome.attempts += 1
        last = _run_once(installed, args, env, etc, config)
        outcome.peak_memory = last.peak_memory
        if last.capture is not None:
            outcome.capture = last.capture
            outcome.list_s = last.capture.list_s
            outcome.env_placeholders = sorted(k for k, v in env.items() if v == PLACEHOLDER)
            outcome.args = args
            return
        failure = last.failure
        assert failure is not None
        early = failure.kind is None and not failure.answered_initialize
        asked = asked_env_vars(last.stderr, set(env)) if failure.kind is None else []
        if asked:
            env.update({name: PLACEHOLDER for name in asked})
            outcome.notes.append("placeholder env: " + ", ".join(asked))
            continue
        drift = is_sdk_drift(last.stderr, installed.sdk_version if installed else None)
        if target.registry == "pypi" and not constraints and drift:
            constraints = [SDK_PIN]
            outcome.notes.append(f"reinstalled with {SDK_PIN}")
            installed = None
            continue
        guessed = guess_args(last.stderr, args, SANDBOX_HOME) if early and arg_guesses < MAX_ARG_GUESSES else None
        if guessed is not None:
            arg_guesses += 1
            args = guessed
            outcome.notes.append("retried with arguments: " + " ".join(args))
            continue
        break
    assert last is not None and last.failure is not None
    outcome.env_placeholders = sorted(k for k, v in env.items() if v == PLACEHOLDER)
    outcome.kind, outcome.message = diagnose(last.failure, last.stderr, installed, env, constraints)
    cap = config.sandbox.memory_bytes
    if outcome.kind == "crashed" and last.peak_memory and last.peak_memory >= cap * 0.95:
        outcome.message = f"out of memory (cap {cap // 2**20} MiB); {outcome.message}"


def diagnose(
    failure: SessionFailure, stderr: str, installed: Installed | None, env: dict[str, str], constraints: list[str]
) -> tuple[FailureKind, str]:
    """Pick the failure kind from what the session saw and what the server said on stderr."""
    said = summarise_stderr(stderr)
    error_text = failure.message
    if failure.kind == "protocol_error" and mentions_network(error_text + "\n" + stderr[-4000:]):
        return "needs_network", f"{error_text}; stderr: {said}"
    if failure.kind is not None and failure.kind != "timeout":
        return failure.kind, f"{error_text}; stderr: {said}"
    if mentions_network(stderr[-8000:]):
        return "needs_network", f"the server needs the network (sandbox has none); stderr: {said}"
    if failure.kind == "timeout":
        return "timeout", f"{error_text}; stderr: {said}"
    placeholders = sorted(k for k, v in env.items() if v == PLACEHOLDER)
    if placeholders and asked_env_vars(stderr, set()) or asked_env_vars(stderr, set(env)):
        names = ", ".join(placeholders or asked_env_vars(stderr, set(env)))
        return "needs_env", f"exits without real values for {names}; stderr: {said}"
    if is_sdk_drift(stderr, installed.sdk_version if installed else None):
        pin = " even with " + ", ".join(constraints) if constraints else ""
        return "sdk_drift", f"crashed inside the MCP SDK{pin}; stderr: {said}"
    if installed is not None and installed.install_scripts:
        names = ", ".join(installed.install_scripts[:5])
        return "install_script_needed", f"listing failed and install scripts were skipped ({names}); stderr: {said}"
    code = failure.returncode
    if code == 0:
        return "not_a_server", f"exited 0 without answering initialize; stderr: {said}"
    if code is not None and code < 0:
        how = f"killed by signal {-code}"
    elif code is not None and code > 128:
        how = f"killed by signal {code - 128}"  # bwrap reports a signalled child as 128+N
    else:
        how = f"exited {code}"
    return "crashed", f"{how} before answering; stderr: {said}"


def _run_once(installed: Installed, args: list[str], env: dict[str, str], etc: Path, config: ProbeConfig) -> _RunResult:
    run_env = dict(env)
    if installed.runtime == "node":
        # Heap cap for node (never RLIMIT_AS, see sandbox.py); the cgroup caps everything else.
        run_env.setdefault("NODE_OPTIONS", f"--max-old-space-size={config.node_heap_mb}")
    bwrap = bwrap_argv([*installed.command, *args], installed.root, etc, run_env, config.sandbox)
    cgroup = make_cgroup(uuid.uuid4().hex[:16], config.sandbox)
    argv = wrap_limits(bwrap, config.sandbox, cgroup)
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}, cwd="/",
        )
    except OSError as exc:
        if cgroup:
            cgroup.remove()
        return _RunResult(None, SessionFailure("crashed", f"could not start the sandbox: {exc}"), "", None)
    capture: Capture | None = None
    failure: SessionFailure | None = None
    stderr = ""
    try:
        capture, stderr = list_tools(proc, config.limits, started)
    except SessionFailure as exc:
        failure, stderr = exc, str(exc.extra.get("stderr", ""))
    finally:
        peak = _stop(proc, cgroup)
        if cgroup:
            cgroup.remove()
    if failure is not None and stderr.lstrip().startswith("bwrap:"):
        # Our sandbox failed, not the server: stop instead of blaming the package.
        raise SandboxUnavailable(f"the sandbox did not start: {excerpt(stderr, 300)}")
    return _RunResult(capture, failure, stderr, peak)


def _stop(proc: subprocess.Popen[bytes], cgroup: object | None) -> int | None:
    """Close stdin (polite shutdown), then kill the whole process group and cgroup."""
    with contextlib.suppress(OSError, ValueError):
        if proc.stdin:
            proc.stdin.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(0.3)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)
    peak = None
    if cgroup is not None:
        peak = cgroup.peak_memory()  # type: ignore[attr-defined]
        cgroup.kill_all()  # type: ignore[attr-defined]
    for stream in (proc.stdout, proc.stderr):
        with contextlib.suppress(OSError, ValueError):
            if stream:
                stream.close()
    return peak
