"""Failure kinds and the reading of a dead server's stderr that picks one.

A failure is recorded by kind so the server's page can say *why* there is no tool list
(and so a later run knows whether a retry can help). The stderr text is the server's own and
hostile: it is only searched, never echoed in full (see `excerpt`).
"""

from __future__ import annotations

import re
from typing import Literal

FailureKind = Literal[
    "install_failed",  # the package manager could not install this exact version
    "install_script_needed",  # listing failed and the package relies on install scripts we never run
    "sdk_drift",  # crashed inside the MCP SDK (API removed in a newer SDK), also after the `mcp<2` retry
    "needs_env",  # exits asking for an environment variable, also with a placeholder value
    "needs_network",  # start-up or tools/list needs the internet (sandbox has none)
    "timeout",  # no complete answer before the deadline
    "crashed",  # exited or was killed before answering, for no reason we recognise
    "not_a_server",  # no runnable entry point, or stdout is not JSON-RPC
    "protocol_error",  # answered, but with a JSON-RPC error or malformed result
    "too_large",  # stdout flood, oversized message, too many pages or tools
]
FAILURE_KINDS: tuple[str, ...] = FailureKind.__args__  # type: ignore[attr-defined]

# One sentence per kind, for the server page ("why there is no live tool list").
FAILURE_DESCRIPTIONS: dict[str, str] = {
    "install_failed": "This exact version could not be installed (no wheel, unpublished, or the install failed).",
    "install_script_needed": "The package needs its install scripts to run, and the probe never runs them.",
    "sdk_drift": "The server crashes inside the MCP SDK it resolves to (an API it uses was removed).",
    "needs_env": "The server exits unless given real credentials in environment variables.",
    "needs_network": "The server builds its tool list from the network; the sandbox has none.",
    "timeout": "The server did not finish answering tools/list before the deadline.",
    "crashed": "The server exited or was killed before answering.",
    "not_a_server": "The package has no runnable entry point or does not speak MCP on stdio.",
    "protocol_error": "The server answered with a JSON-RPC error or a malformed tool list.",
    "too_large": "The server's output exceeded the probe's size, page or tool limits.",
}


_NETWORK = re.compile(
    r"ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|getaddrinfo|fetch failed|"
    r"Temporary failure in name resolution|Name or service not known|Network is unreachable|"
    r"No address associated with hostname|Failed to establish a new connection|ConnectError|"
    r"Could not resolve host|nodename nor servname",
    re.IGNORECASE,
)
# Words that make a capitalised token an environment variable request rather than a log level.
_ENV_CONTEXT = re.compile(
    r"environment|env\b|env var|variable|required|is not set|not set|missing|must be set|must be provided|"
    r"no .*(key|token)|api[_ ]?key|token",
    re.IGNORECASE,
)
_ENV_TOKEN = re.compile(r"\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b")
# Variables the sandbox sets itself or that are never credentials.
_NOT_ASKED = frozenset({
    "PATH", "HOME", "LANG", "TZ", "NODE_OPTIONS", "NODE_ENV", "PYTHONPATH", "PYTHONHOME", "LC_ALL",
    "TMPDIR", "USER", "SHELL", "TERM", "ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND", "ERR_INVALID_ARG_TYPE",
    "ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ENOENT", "EACCES", "EPERM", "EROFS", "UTF_8",
})
# Exception groups (anyio task groups) prefix their lines with "  | ".
_PY_TRACEBACK_ERR = re.compile(
    r"^[ |+]*(AttributeError|ImportError|ModuleNotFoundError|TypeError): (.*)$", re.MULTILINE
)
_MCP_FRAME = re.compile(r"""(/site-packages/mcp/|from mcp[ .]|import mcp\b|['"]mcp[.'"]|\bmcp\.)""")
_USAGE = re.compile(r"\busage\b|required argument|missing argument|expected .*argument|allowed director", re.IGNORECASE)


def excerpt(text: str, limit: int = 600) -> str:
    """The tail of a log, one line, printable characters only: safe to store and show."""
    tail = text[-limit:]
    cleaned = "".join(ch if ch.isprintable() else " " for ch in tail.replace("\n", " | "))
    return re.sub(r"\s{2,}", " ", cleaned).strip()


_ERROR_LINE = re.compile(r"(error|exception|fatal|missing|required|not set|denied|traceback)", re.IGNORECASE)


def summarise_stderr(text: str, limit: int = 600) -> str:
    """The last line that reads like an error, then the tail: what a person needs to see first."""
    if not text.strip():
        return "(nothing on stderr)"
    lines = [line for line in text.splitlines()[-300:] if line.strip()]
    error_lines = [line for line in lines if _ERROR_LINE.search(line)]
    head = excerpt(error_lines[-1], 200) if error_lines else ""
    tail = excerpt(text, limit - len(head))
    return f"{head} … {tail}" if head and not tail.endswith(head) else tail


def mentions_network(text: str) -> bool:
    return bool(_NETWORK.search(text))


def asked_env_vars(stderr: str, already: set[str]) -> list[str]:
    """Environment variable names a server's error output asks for, in order of appearance.

    Only lines that also talk about environment/keys/tokens count, so a stack trace full of
    CONSTANT_NAMES does not make us invent placeholders.
    """
    found: list[str] = []
    for line in stderr.splitlines()[-200:]:
        if not _ENV_CONTEXT.search(line):
            continue
        for token in _ENV_TOKEN.findall(line):
            if token in _NOT_ASKED or token in already or token in found or token.startswith("ERR_"):
                continue
            found.append(token)
    return found[:8]


def is_sdk_drift(stderr: str, sdk_version: str | None = None) -> bool:
    """A Python traceback ending in an attribute/import error that involves the `mcp` package.

    With `sdk_version` (the `mcp` the install resolved), any such error under an SDK 2.x counts:
    servers call the removed API on their own objects (`@server.list_resources()`), so the
    traceback often never names `mcp` (live.md, note 5).
    """
    matches = list(_PY_TRACEBACK_ERR.finditer(stderr))
    if "Traceback (most recent call last)" not in stderr or not matches:
        return False
    if sdk_version and sdk_version.split(".")[0].isdigit() and int(sdk_version.split(".")[0]) >= 2:
        return True
    last = matches[-1]
    start = stderr.rfind("Traceback (most recent call last)", 0, last.start())
    block = stderr[start: last.end()]
    return bool(_MCP_FRAME.search(block))


def looks_like_usage_error(stderr: str) -> bool:
    return bool(_USAGE.search(stderr[-4000:]))


# --- guessing the arguments a server insists on ----------------------------------------

_ARG_CHOICE = re.compile(r"argument (\S+): invalid choice: '([^']*)' \(choose from ([^)]*)\)")
_ARG_REQUIRED = re.compile(r"the following arguments are required: ([^\n]+)")
_DB_URL = re.compile(r"database url|connection string|postgres(?:ql)?://|DATABASE_URL", re.IGNORECASE)
_URL = re.compile(r"\b(?:server[- ]?url|invalid url|remote url|https?://\S*server)", re.IGNORECASE)
PLACEHOLDER_URL = "http://localhost:9/placeholder"
PLACEHOLDER_DB_URL = "postgresql://placeholder:placeholder@localhost:9/placeholder"


def _value_for(option: str, home: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", option.lstrip("-").lower()).strip("-") or "value"
    if any(k in name for k in ("url", "uri", "endpoint", "host")):
        return PLACEHOLDER_URL
    if any(k in name for k in ("dir", "root", "folder", "workspace")):
        return home
    if any(k in name for k in ("path", "file", "db", "database", "repo")):
        return f"{home}/{name[:40]}"
    if name == "port" or name.endswith("-port"):
        return "9"
    return "placeholder"


def guess_args(stderr: str, args: list[str], home: str) -> list[str] | None:
    """Arguments to try after a server exited with a usage complaint; None when there is no better guess.

    Values are placeholders inside the sandbox: the empty HOME for directories, a file under
    HOME for databases, an unreachable localhost URL for endpoints. Never anything real.
    """
    text = stderr[-4000:]
    choice = _ARG_CHOICE.search(text)
    if choice:
        options = re.findall(r"'([^']*)'", choice.group(3))
        pick = "stdio" if "stdio" in options else (options[0] if options else None)
        if pick is not None and choice.group(2) in args:
            new = list(args)
            new[new.index(choice.group(2))] = pick
            return new
        if pick is not None:
            return [pick, *args]
    required = _ARG_REQUIRED.search(text)
    if required:
        new = list(args)
        for item in required.group(1).split(","):
            item = item.strip().split(" ")[0]
            if not item:
                continue
            option = item.split("/")[-1]  # "-d/--db-path" → "--db-path"
            if option.startswith("-"):
                new += [option, _value_for(option, home)]
            else:
                new.append(_value_for(option, home))
        return new if new != list(args) else None
    if _DB_URL.search(text) and PLACEHOLDER_DB_URL not in args:
        return [*args, PLACEHOLDER_DB_URL]
    if _URL.search(text) and PLACEHOLDER_URL not in args:
        return [a for a in args if a != home] + [PLACEHOLDER_URL]
    if not args and looks_like_usage_error(text):
        return [home]
    return None
