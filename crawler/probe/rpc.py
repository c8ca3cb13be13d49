"""A minimal MCP stdio client: `initialize`, `notifications/initialized`, every `tools/list` page.

Written against the raw newline-delimited JSON-RPC stream rather than the SDK, because the
SDK's pydantic models drop fields they do not know (live.md) and we want the server's exact
words. Everything the server sends is bounded: one message, total stdout, kept stderr,
number of pages, number of tools, and one overall deadline for the whole exchange.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import subprocess
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from catalog.limits import MAX_TOOLS_PER_SERVER, InputTooLarge, check_json_depth
from catalog.models import utcnow
from crawler.probe.kinds import FailureKind

PROTOCOL_VERSION = "2025-11-25"
CLIENT_INFO = {"name": "toolrisk-probe", "version": "0.1.0"}
MAX_SERVER_REQUESTS = 100


@dataclass
class RpcLimits:
    deadline_s: float = 60.0  # spawn → last page
    max_pages: int = 50
    max_message_bytes: int = 8 * 1024 * 1024
    max_stdout_bytes: int = 32 * 1024 * 1024
    max_noise_bytes: int = 256 * 1024  # non-JSON lines tolerated on stdout (banners, stray logs)
    max_stderr_keep: int = 64 * 1024
    max_tools: int = MAX_TOOLS_PER_SERVER


@dataclass
class Capture:
    protocol_version: str | None
    server_info: dict[str, Any] | None
    capabilities: dict[str, Any] | None
    instructions: str | None
    pages: list[dict[str, Any]]  # raw `tools/list` results, in order
    tools: list[dict[str, Any]]  # raw tool objects from every page
    initialize_s: float
    list_s: float  # spawn → last page
    captured_at: datetime
    noise_lines: int = 0


@dataclass
class SessionFailure(Exception):
    kind: FailureKind | None  # None: the server went away; the caller reads stderr to pick a kind
    message: str
    exited: bool = False
    answered_initialize: bool = False
    returncode: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class _Eof(Exception):
    pass


class StdioSession:
    def __init__(self, proc: subprocess.Popen[bytes], limits: RpcLimits, started: float) -> None:
        assert proc.stdin and proc.stdout and proc.stderr
        self.proc = proc
        self.limits = limits
        self.deadline = started + limits.deadline_s
        self.started = started
        self.selector = selectors.DefaultSelector()
        for stream in (proc.stdout, proc.stderr):
            os.set_blocking(stream.fileno(), False)
            self.selector.register(stream, selectors.EVENT_READ)
        os.set_blocking(proc.stdin.fileno(), False)
        self.server_requests = 0
        self.buffer = bytearray()
        self.stdout_total = 0
        self.noise_bytes = 0
        self.noise_lines = 0
        self.stderr = bytearray()
        self.stdout_open = True
        self.next_id = 1
        self.answered_initialize = False
        self.pending: list[dict[str, Any]] = []

    # --- raw I/O ----------------------------------------------------------------------
    def stderr_text(self) -> str:
        return self.stderr.decode("utf-8", errors="replace")

    def send(self, message: dict[str, Any]) -> None:
        """Write one message without ever blocking: a server that stops reading cannot stall us."""
        data = (json.dumps(message, separators=(",", ":")) + "\n").encode()
        assert self.proc.stdin
        fd = self.proc.stdin.fileno()
        while data:
            try:
                written = os.write(fd, data)
            except BlockingIOError:
                if time.monotonic() > self.deadline:
                    raise SessionFailure("timeout", "the server stopped reading its input") from None
                self._pump(0.05)  # keep draining its output while we wait for room
                continue
            except (BrokenPipeError, ValueError, OSError) as exc:
                raise _Eof() from exc
            data = data[written:]

    def _pump(self, timeout: float) -> None:
        for key, _ in self.selector.select(timeout):
            stream = key.fileobj
            try:
                chunk = os.read(stream.fileno(), 1 << 16)  # type: ignore[union-attr]
            except BlockingIOError:
                continue
            if stream is self.proc.stderr:
                if not chunk:
                    self.selector.unregister(stream)
                    continue
                self.stderr += chunk
                if len(self.stderr) > 2 * self.limits.max_stderr_keep:
                    del self.stderr[: len(self.stderr) - self.limits.max_stderr_keep]
                continue
            if not chunk:
                self.selector.unregister(stream)
                self.stdout_open = False
                continue
            self.stdout_total += len(chunk)
            if self.stdout_total > self.limits.max_stdout_bytes:
                raise SessionFailure("too_large", f"stdout flood: more than {self.limits.max_stdout_bytes} bytes")
            self.buffer += chunk
            if b"\n" not in chunk and len(self.buffer) > self.limits.max_message_bytes:
                raise SessionFailure("too_large", f"one message larger than {self.limits.max_message_bytes} bytes")

    def _next_message(self) -> dict[str, Any]:
        while True:
            newline = self.buffer.find(b"\n")
            if newline >= 0:
                line = bytes(self.buffer[:newline])
                del self.buffer[: newline + 1]
                if len(line) > self.limits.max_message_bytes:
                    raise SessionFailure("too_large", f"one message larger than {self.limits.max_message_bytes} bytes")
                message = self._parse(line)
                if message is not None:
                    return message
                continue
            if not self.stdout_open:
                raise _Eof()
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise SessionFailure("timeout", f"no complete answer within {self.limits.deadline_s:.0f} s")
            self._pump(min(remaining, 0.5))

    def _parse(self, line: bytes) -> dict[str, Any] | None:
        text = line.strip()
        if not text:
            return None
        try:
            message = json.loads(text)
        except ValueError:
            message = None
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            self.noise_lines += 1
            self.noise_bytes += len(line)
            if self.noise_bytes > self.limits.max_noise_bytes:
                raise SessionFailure(
                    "not_a_server", f"stdout is not JSON-RPC ({self.noise_lines} lines of other output)"
                )
            return None
        return message

    # --- JSON-RPC --------------------------------------------------------------------
    def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        while True:
            message = self._next_message()
            if "method" in message:
                self._answer_server(message)
                continue
            if message.get("id") != request_id:
                continue  # a late or stray response
            if "error" in message:
                error = message.get("error")
                text = json.dumps(error, ensure_ascii=False)[:500] if error is not None else "null"
                raise SessionFailure("protocol_error", f"{method} returned an error: {text}", extra={"error": error})
            result = message.get("result")
            if not isinstance(result, dict):
                raise SessionFailure("protocol_error", f"{method} result is not an object")
            try:
                check_json_depth(result)
            except InputTooLarge as exc:
                raise SessionFailure("too_large", f"{method} result: {exc}") from exc
            return result

    def _answer_server(self, message: dict[str, Any]) -> None:
        """Requests from the server (ping, roots/list, sampling…): answer so it is not left waiting."""
        if "id" not in message:
            return  # a notification (logging, list_changed): nothing to answer
        self.server_requests += 1
        if self.server_requests > MAX_SERVER_REQUESTS:
            return  # a server that floods us with requests gets no more answers
        method = message.get("method")
        if method == "ping":
            reply: dict[str, Any] = {"result": {}}
        elif method == "roots/list":
            reply = {"result": {"roots": []}}
        else:
            reply = {"error": {"code": -32601, "message": "not supported by the toolrisk probe"}}
        with contextlib.suppress(_Eof):
            self.send({"jsonrpc": "2.0", "id": message["id"], **reply})


def list_tools(proc: subprocess.Popen[bytes], limits: RpcLimits, started: float) -> tuple[Capture, str]:
    """Run the exchange on a started server. Returns the capture and the kept stderr."""
    session = StdioSession(proc, limits, started)
    try:
        capture = _exchange(session)
    except _Eof:
        session.deadline = min(session.deadline, time.monotonic() + 2.0)
        _drain_stderr(session)
        returncode = _wait(proc, 2.0)
        raise SessionFailure(
            None, "the server closed stdout before answering", exited=True,
            answered_initialize=session.answered_initialize, returncode=returncode,
            extra={"stderr": session.stderr_text()},
        ) from None
    except SessionFailure as failure:
        failure.answered_initialize = session.answered_initialize
        failure.returncode = proc.poll()
        failure.extra.setdefault("stderr", session.stderr_text())
        raise
    finally:
        session.selector.close()
    return capture, session.stderr_text()


def _drain_stderr(session: StdioSession) -> None:
    """After stdout closed, collect the last words on stderr (bounded by the shortened deadline)."""
    while session.proc.stderr in [k.fileobj for k in session.selector.get_map().values()]:
        remaining = session.deadline - time.monotonic()
        if remaining <= 0:
            return
        with contextlib.suppress(SessionFailure):
            session._pump(min(remaining, 0.2))
        if session.proc.poll() is not None and not session.selector.select(0):
            return


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> int | None:
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        return None


def _exchange(session: StdioSession) -> Capture:
    init = session.request(
        "initialize",
        {"protocolVersion": PROTOCOL_VERSION, "capabilities": {"roots": {"listChanged": False}},
         "clientInfo": CLIENT_INFO},
    )
    session.answered_initialize = True
    initialize_s = time.monotonic() - session.started
    session.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    capabilities = init.get("capabilities") if isinstance(init.get("capabilities"), dict) else None
    pages: list[dict[str, Any]] = []
    tools: list[dict[str, Any]] = []
    cursor: str | None = None
    seen_cursors: set[str] = set()
    while True:
        if len(pages) >= session.limits.max_pages:
            raise SessionFailure("too_large", f"more than {session.limits.max_pages} tools/list pages")
        params: dict[str, Any] = {"cursor": cursor} if cursor is not None else {}
        try:
            page = session.request("tools/list", params)
        except SessionFailure as failure:
            error = failure.extra.get("error")
            no_tools = capabilities is not None and "tools" not in capabilities
            if not pages and no_tools and isinstance(error, dict) and error.get("code") == -32601:
                break  # a server without tools: an empty tool list is the truth
            raise
        page_tools = page.get("tools")
        if not isinstance(page_tools, list):
            raise SessionFailure("protocol_error", f"tools/list page {len(pages) + 1} has no `tools` array")
        pages.append(page)
        tools.extend(t for t in page_tools if isinstance(t, dict))
        if len(tools) > session.limits.max_tools:
            raise SessionFailure("too_large", f"more than {session.limits.max_tools} tools")
        next_cursor = page.get("nextCursor")
        if next_cursor in (None, ""):
            break
        if not isinstance(next_cursor, str) or len(next_cursor) > 4096:
            raise SessionFailure("protocol_error", "tools/list nextCursor is not a short string")
        if next_cursor in seen_cursors:
            raise SessionFailure("protocol_error", "tools/list nextCursor repeats (endless paging)")
        seen_cursors.add(next_cursor)
        cursor = next_cursor
    version = init.get("protocolVersion")
    server_info = init.get("serverInfo")
    instructions = init.get("instructions")
    return Capture(
        protocol_version=str(version)[:64] if isinstance(version, str) else None,
        server_info=server_info if isinstance(server_info, dict) else None,
        capabilities=capabilities,
        instructions=instructions[:20_000] if isinstance(instructions, str) else None,
        pages=pages,
        tools=tools,
        initialize_s=round(initialize_s, 3),
        list_s=round(time.monotonic() - session.started, 3),
        captured_at=utcnow(),
        noise_lines=session.noise_lines,
    )
