"""The `toolrisk` command line. Each command lives in catalog/commands/<name>.py."""

from __future__ import annotations

import importlib
import os
import sys

import typer

from catalog.clierrors import Abort, ClickException, Exit, UsageError
from catalog.errors import ToolriskError

app = typer.Typer(
    name="toolrisk",
    help="An open risk catalog for MCP tools: crawl the indexes, classify every tool, publish a site, "
    "a JSON catalog and gateway policies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each entry is a module under catalog/commands exposing register(app).
COMMAND_MODULES = [
    "crawl",
    "classify",
    "build",
    "run",
    "serve",
    "db",
    "worker",
    "policy",
    "export",
    "diff",
    "probe",
    "eval",
]

for _name in COMMAND_MODULES:
    importlib.import_module(f"catalog.commands.{_name}").register(app)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except UsageError as exc:
        # Click prints a multi-line usage block; users asked for one line naming what was wrong.
        print(f"toolrisk: error: {_one_line(exc.format_message())}", file=sys.stderr)
        sys.exit(2)
    except ClickException as exc:
        print(f"toolrisk: error: {_one_line(exc.format_message())}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except Exit as exc:
        sys.exit(exc.exit_code)
    except Abort:
        print("toolrisk: interrupted", file=sys.stderr)
        sys.exit(130)
    except ToolriskError as exc:
        print(f"toolrisk: error: {_one_line(str(exc))}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("toolrisk: interrupted", file=sys.stderr)
        sys.exit(130)
    except OSError as exc:
        # The file system said no (read-only folder, disk full, permission): name the folder the
        # user chose, not the temp or lock file we were creating inside it.
        where = str(exc.filename or "")
        if where and os.path.basename(where).startswith("."):
            where = os.path.dirname(where) or where
        print(f"toolrisk: error: {where or 'file system'}: {exc.strerror or exc}", file=sys.stderr)
        sys.exit(1)
    except Exception as exc:
        # A bug, not bad input: still one line, with the traceback on request.
        if os.environ.get("TOOLRISK_DEBUG"):
            raise
        print(
            f"toolrisk: internal error: {type(exc).__name__}: {_one_line(str(exc))[:500]} "
            "(set TOOLRISK_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
