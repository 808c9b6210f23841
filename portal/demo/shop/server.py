"""A made-up shop page that embeds the help widget, served from its own origin (another
port), so that the widget runs cross-origin as it does in a real shop. Its page sets a
strict Content-Security-Policy and CSS that would break an unprotected widget."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.template import Context, Engine

HERE = Path(__file__).resolve().parent
DEFAULT_PORT = 8001
DEMO_ORIGINS = (f"http://127.0.0.1:{DEFAULT_PORT}", f"http://localhost:{DEFAULT_PORT}")
LANGUAGES = ("en", "de", "fr", "es")
ASSETS = {"/shop.css": "text/css", "/shop.js": "text/javascript"}


def content_security_policy(help_center):
    """What a shop with a strict policy allows for the widget (README "Storefront widget")."""
    return (
        f"default-src 'none'; script-src 'self' {help_center}; connect-src {help_center}; "
        f"img-src 'self' {help_center}; style-src 'self'; base-uri 'none'; form-action 'none'; "
        "require-trusted-types-for 'script'; trusted-types help-widget"
    )


def render_page(help_center, language, topic):
    template = Engine(autoescape=True).from_string((HERE / "index.html").read_text())
    return template.render(
        Context(
            {
                "help_center": help_center,
                "language": language,
                "topic": topic,
                "languages": LANGUAGES,
            }
        )
    )


def handler_for(help_center):
    class ShopHandler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlsplit(self.path)
            if url.path in ASSETS:
                body = (HERE / url.path.lstrip("/")).read_bytes()
                return self._send(200, ASSETS[url.path], body)
            if url.path != "/":
                return self._send(404, "text/plain", b"Not found")
            query = parse_qs(url.query)
            language = query.get("lang", ["en"])[0]
            language = language if language in LANGUAGES else "en"
            topic = query.get("topic", [""])[0][:20]
            page = render_page(help_center, language, topic).encode()
            return self._send(200, "text/html; charset=utf-8", page)

        def _send(self, status, content_type, body):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", content_security_policy(help_center))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # quiet: the command prints the address
            return

    return ShopHandler


def start(help_center, host="127.0.0.1", port=DEFAULT_PORT):
    """Serve the shop in a background thread; returns the server (``shutdown()`` stops it)."""
    server = ThreadingHTTPServer((host, port), handler_for(help_center.rstrip("/")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
