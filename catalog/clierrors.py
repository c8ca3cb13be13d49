"""Click's exception classes, whichever copy raised them.

Recent typer releases vendor a copy of click (`typer._click`) and raise its exceptions for
most parsing errors, while a few paths still raise the installed click's. The CLI catches
both, so every usage error ends as one line and exit 2.
"""

from __future__ import annotations

import click.exceptions as _click

try:
    import typer._click.exceptions as _vendored
except ImportError:  # typer releases that use click itself
    _vendored = None  # type: ignore[assignment]


def _both(name: str) -> tuple[type[BaseException], ...]:
    classes = [getattr(_click, name)]
    if _vendored is not None and getattr(_vendored, name, None) is not None:
        classes.append(getattr(_vendored, name))
    return tuple(classes)


UsageError = _both("UsageError")
ClickException = _both("ClickException")
Exit = _both("Exit")
Abort = _both("Abort")
