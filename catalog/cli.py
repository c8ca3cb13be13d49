"""The `toolrisk` command line. Each command lives in catalog/commands/<name>.py."""

from __future__ import annotations

import importlib
import sys

import click
import typer

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


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except click.UsageError as exc:
        # Click prints a multi-line usage block; users asked for one line naming what was wrong.
        print(f"toolrisk: error: {exc.format_message()}", file=sys.stderr)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        print("toolrisk: interrupted", file=sys.stderr)
        sys.exit(130)
    except ToolriskError as exc:
        print(f"toolrisk: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("toolrisk: interrupted", file=sys.stderr)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
