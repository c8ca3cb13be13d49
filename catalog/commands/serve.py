"""`toolrisk serve`: preview a built site on 127.0.0.1 (never on other interfaces)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from catalog.commands.common import err_console
from catalog.errors import BadInput


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0 picks a free one).", min=0, max=65535)] = 8000,
        directory: Annotated[Path, typer.Option("--dir", help="The built site to serve.")] = Path("public"),
    ) -> None:
        """Preview the built site at http://127.0.0.1:PORT/ (local only; Ctrl-C stops it)."""
        from catalog.site.serve import make_server

        if not (directory / "index.html").is_file():
            raise BadInput(f"--dir {directory}: no index.html there; run `toolrisk build --out {directory}` first")
        server = make_server(directory, port)
        host, real_port = server.server_address[:2]
        err_console.print(f"serving {directory.resolve()} at http://{host}:{real_port}/ (Ctrl-C stops)", soft_wrap=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
