"""Fixtures for the hostile tests: a local HTTP listener that records every request it gets."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Listener:
    """An HTTP server on 127.0.0.1 (a free port); ``hits`` lists the paths it was asked for."""

    url: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture
def http_listener() -> Iterator[Listener]:
    """Binds 127.0.0.1 only; serves in a daemon thread with a bounded loop; stops at teardown
    (or by itself after 600 polls of 0.5 s, whichever comes first)."""
    box: list[Listener] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            box[0].hits.append(self.path)
            body = b"id,name\n1,leaked\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 0.5
    box.append(Listener(f"http://127.0.0.1:{server.server_address[1]}/x.csv"))
    stop = threading.Event()

    def serve() -> None:
        for _ in range(600):
            if stop.is_set():
                break
            server.handle_request()

    thread = threading.Thread(target=serve, name="hostile-http-listener", daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        stop.set()
        thread.join(timeout=5)
        server.server_close()
