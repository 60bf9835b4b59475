"""Serve a static site directory on 127.0.0.1 (and only there), for the demo, tests and benchmarks.

Feeds, sitemaps and robots.txt in the directory write absolute URLs as ``{{BASE}}``; the server
replaces it with its own ``http://127.0.0.1:PORT``. A request log lets tests check what was
fetched (robots.txt must keep the crawler out of /private/).
"""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

PLACEHOLDER = b"{{BASE}}"
Route = Callable[[], tuple[int, dict[str, str], bytes]]
_TYPES = {".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
          ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8"}


class SiteServer:
    """A threaded HTTP server for one directory, bound to 127.0.0.1 on a free port."""

    def __init__(self, root: str | Path, port: int = 0,
                 routes: dict[str, Route] | None = None) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"site directory not found: {self.root}")
        self.requests: list[str] = []
        #: Paths answered by a function instead of a file (faults for tests: 500s, slow
        #: answers, redirect loops): path -> () -> (status, headers, body).
        self.routes = routes or {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.requests.append(self.path)
                route = server.routes.get(urlparse(self.path).path)
                if route is not None:
                    status, headers, body = route()
                else:
                    body, status, ctype = server.respond(self.path)
                    headers = {"Content-Type": ctype}
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """The server's base URL, without a trailing slash."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        """An absolute URL for a path on this server."""
        return self.base + "/" + path.lstrip("/")

    def respond(self, raw_path: str) -> tuple[bytes, int, str]:
        """Body, status and content type for a request path (404 outside the root)."""
        path = unquote(urlparse(raw_path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if self.root not in target.parents and target != self.root or not target.is_file():
            return b"not found", 404, "text/plain"
        body = target.read_bytes()
        if PLACEHOLDER in body:
            body = body.replace(PLACEHOLDER, self.base.encode())
        ctype = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or (
            "application/octet-stream")
        return body, 200, ctype

    def start(self) -> SiteServer:
        """Start serving in a background thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def serve(root: str | Path, port: int = 0, routes: dict[str, Route] | None = None
          ) -> Iterator[SiteServer]:
    """Serve a directory for the duration of a ``with`` block."""
    server = SiteServer(root, port, routes).start()
    try:
        yield server
    finally:
        server.stop()
