"""A static file server for previews: 127.0.0.1 only, no directory listings, no dotfiles,
the site's own 404 page, and the MIME types pagefind needs."""

from __future__ import annotations

import functools
import mimetypes
import os
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from catalog.errors import BadInput

HOST = "127.0.0.1"
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")


class _Handler(SimpleHTTPRequestHandler):
    server_version = "toolrisk-serve"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return  # quiet: a preview server, not an access log

    def _hidden(self) -> bool:
        path = unquote(urlsplit(self.path).path)
        return any(part.startswith(".") for part in path.split("/") if part)

    def list_directory(self, path: str | os.PathLike[str]):  # type: ignore[override]
        self._not_found()
        return None

    def send_head(self):  # type: ignore[override]
        if self._hidden():
            self._not_found()
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path) and not os.path.isfile(os.path.join(path, "index.html")):
            self._not_found()
            return None
        if not os.path.exists(path):
            self._not_found()
            return None
        return super().send_head()

    def _not_found(self) -> None:
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"not found\n"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()


def make_server(directory: Path, port: int = 8000) -> ThreadingHTTPServer:
    root = Path(directory).resolve()
    if not root.is_dir():
        raise BadInput(f"--dir {directory}: not a folder")
    handler = functools.partial(_Handler, directory=str(root))
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise BadInput(f"--port {port}: cannot listen on {HOST} ({exc.strerror})") from exc
    server.daemon_threads = True
    return server
