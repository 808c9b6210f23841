"""A small HTTP server speaking DeepL's API v2 as DeepL documents it, for the tests: DeepL
itself is a third party we cannot run here.

- ``POST /v2/translate`` (JSON body: ``text`` list, ``target_lang``, optional ``source_lang``,
  ``tag_handling``, ``glossary_id``), answering ``{"translations": [{"detected_source_language",
  "text"}]}``. Its "translation" puts ``[DE]`` before each text node and replaces glossary
  terms, leaving XML tags as they are when ``tag_handling`` is ``xml``, as DeepL does.
- ``POST /v2/glossaries`` (``name``, ``source_lang``, ``target_lang``, ``entries``,
  ``entries_format`` ``tsv``) → 201 with the glossary; ``GET``/``DELETE /v2/glossaries/{id}``;
  ``GET /v2/glossaries/{id}/entries`` as TSV.
- ``Authorization: DeepL-Auth-Key <key>``, else 403; ``quota_left`` characters, then 456.
"""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree

SUPPORTED_TARGETS = {"DE", "FR", "ES", "EN-GB", "EN-US"}


class FakeDeepL:
    def __init__(self, api_key="test-key:fx"):
        self.api_key = api_key
        self.glossaries = {}
        self.requests = []  # (method, path, body)
        self.quota_left = 1_000_000
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def translated_texts(self):
        return [
            text
            for method, path, body in self.requests
            if path == "/v2/translate"
            for text in body.get("text", [])
        ]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=None, content_type="application/json"):
                data = b""
                if body is not None:
                    data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                return json.loads(raw or b"{}")

            def _authorised(self):
                if self.headers.get("Authorization") == f"DeepL-Auth-Key {fake.api_key}":
                    return True
                self._send(403, {"message": "Authorization failure, check auth_key"})
                return False

            def do_POST(self):
                body = self._body()
                fake.requests.append(("POST", self.path, body))
                if not self._authorised():
                    return
                if self.path == "/v2/translate":
                    return self._translate(body)
                if self.path == "/v2/glossaries":
                    return self._create_glossary(body)
                self._send(404, {"message": "Not found"})

            def do_GET(self):
                fake.requests.append(("GET", self.path, {}))
                if not self._authorised():
                    return
                parts = self.path.strip("/").split("/")
                if parts[:2] == ["v2", "glossaries"] and len(parts) >= 3:
                    glossary = fake.glossaries.get(parts[2])
                    if glossary is None:
                        return self._send(404, {"message": "Glossary not found"})
                    if parts[3:] == ["entries"]:
                        tsv = "\n".join(f"{s}\t{t}" for s, t in glossary["entries"].items())
                        return self._send(200, tsv.encode(), "text/tab-separated-values")
                    return self._send(200, _info(glossary))
                self._send(404, {"message": "Not found"})

            def do_DELETE(self):
                fake.requests.append(("DELETE", self.path, {}))
                if not self._authorised():
                    return
                parts = self.path.strip("/").split("/")
                if parts[:2] == ["v2", "glossaries"] and fake.glossaries.pop(parts[2], None):
                    return self._send(204)
                self._send(404, {"message": "Glossary not found"})

            def _translate(self, body):
                texts, target = body.get("text"), (body.get("target_lang") or "").upper()
                if not isinstance(texts, list) or not texts or target not in SUPPORTED_TARGETS:
                    return self._send(400, {"message": "Value for 'target_lang' not supported."})
                glossary = None
                if body.get("glossary_id"):
                    if not body.get("source_lang"):
                        return self._send(
                            400, {"message": "Use of a glossary requires the source_lang"}
                        )
                    glossary = fake.glossaries.get(body["glossary_id"])
                    if glossary is None or glossary["target_lang"].upper() != target:
                        return self._send(400, {"message": "Glossary does not match"})
                characters = sum(len(text) for text in texts)
                if characters > fake.quota_left:
                    return self._send(456, {"message": "Quota exceeded"})
                fake.quota_left -= characters
                entries = glossary["entries"] if glossary else {}
                xml = body.get("tag_handling") == "xml"
                result = [
                    {
                        "detected_source_language": (body.get("source_lang") or "EN").upper(),
                        "text": _translate(text, target, entries, xml),
                    }
                    for text in texts
                ]
                self._send(200, {"translations": result})

            def _create_glossary(self, body):
                if body.get("entries_format") != "tsv" or not body.get("entries"):
                    return self._send(400, {"message": "Invalid glossary entries"})
                entries = {}
                for line in body["entries"].splitlines():
                    source, _tab, target = line.partition("\t")
                    if not source or not target:
                        return self._send(400, {"message": f"Invalid glossary entry {line!r}"})
                    entries[source] = target
                glossary = {
                    "glossary_id": str(uuid.uuid4()),
                    "name": body.get("name", ""),
                    "source_lang": body.get("source_lang", ""),
                    "target_lang": body.get("target_lang", ""),
                    "entries": entries,
                }
                fake.glossaries[glossary["glossary_id"]] = glossary
                self._send(201, _info(glossary))

        return Handler


def _info(glossary):
    return {
        "glossary_id": glossary["glossary_id"],
        "name": glossary["name"],
        "ready": True,
        "source_lang": glossary["source_lang"],
        "target_lang": glossary["target_lang"],
        "creation_time": "2026-12-03T09:00:00.000000Z",
        "entry_count": len(glossary["entries"]),
    }


def _translate(text, target, entries, xml):
    def words(value):
        for source, translated in entries.items():
            value = value.replace(source, translated)
        return value

    if not xml:
        return f"[{target}] {words(text)}"
    root = etree.fromstring(f"<r>{text}</r>")
    root.text = f"[{target}] " + words(root.text or "")
    for element in root.iter():
        if element is not root and element.text:
            element.text = words(element.text)
        if element is not root and element.tail:
            element.tail = words(element.tail)
    inner = (root.text or "").replace("&", "&amp;").replace("<", "&lt;")
    return inner + "".join(etree.tostring(child, encoding="unicode") for child in root)
