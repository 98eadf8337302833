"""A local HTTP server for feed and page tests: ETag / Last-Modified, scripted failures.

Serves files from given folders under URL prefixes; ``http://127.0.0.1/`` inside served
text is rewritten to the server's real address, so fixtures can use absolute links.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LAST_MODIFIED = "Thu, 19 Jun 2025 10:00:00 GMT"


class WebServer:
    def __init__(self, routes: dict[str, Path]):
        self.routes = routes  # url prefix -> folder
        self.fail: dict[str, int] = {}  # path -> HTTP status to answer instead
        self.override: dict[str, bytes] = {}  # path -> body to serve instead of the file
        self.requests: list[tuple[str, dict]] = []
        self.status_counts: Counter = Counter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                server.requests.append((self.path, dict(self.headers)))
                status, body, ctype = server.answer(self.path)
                etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"' if status == 200 else None
                if etag and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                server.status_counts[status] += 1
                self.send_response(status)
                if etag:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, path: str) -> tuple[int, bytes, str]:
        path = path.split("?")[0].split("#")[0]
        if path in self.fail:
            return self.fail[path], b"failure", "text/plain"
        if path in self.override:
            return 200, self.override[path], _content_type(path)
        for prefix, folder in self.routes.items():
            if path.startswith(prefix):
                file = folder / path[len(prefix):]
                if file.is_file():
                    body = file.read_bytes().replace(b"http://127.0.0.1/", f"{self.base}/".encode())
                    return 200, body, _content_type(path)
        return 404, b"not found", "text/plain"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def __enter__(self) -> WebServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _content_type(path: str) -> str:
    if path.endswith((".xml", ".rss")):
        return "application/rss+xml"
    if path.endswith(".json"):
        return "application/feed+json"
    return "text/html; charset=utf-8"
