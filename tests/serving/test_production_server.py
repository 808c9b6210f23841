"""The production server (scripts/serve) on a PostgreSQL database of its own: a killed worker
is replaced without losing what shoppers sent, and a database outage gives a clear 503."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest
import requests
from django.conf import settings

from tests.conftest import require

pytestmark = pytest.mark.postgres
ROOT = Path(settings.BASE_DIR)
ARTICLE = "/en/orders/track-your-order/"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin(url):
    return psycopg.connect(url, autocommit=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base_url = os.environ.get("DATABASE_URL", "")
    require(base_url.startswith("postgres"), "PostgreSQL (DATABASE_URL)")
    name = f"serving_{uuid.uuid4().hex[:8]}"
    with _admin(base_url) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    database_url = urlparse(base_url)._replace(path=f"/{name}").geturl()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORTAL_VAR_DIR": str(tmp_path_factory.mktemp("serving")),
        "DJANGO_SECRET_KEY": "serving-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "2",
        "SEARCH_MODEL_SLOTS_DIR": str(tmp_path_factory.mktemp("slots")),
    }
    # Set for the browser tests in this process; a deployment must not have it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # The demo help center, without its search index (queued, then dropped): this module
    # is about votes, tickets and the database, and embedding the demo takes minutes.
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_initial_data"],
        [
            "shell",
            "-v0",
            "-c",
            "from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()",
        ],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(Path(env["PORTAL_VAR_DIR"]) / "server.log", "w+")
    process = subprocess.Popen(
        ["scripts/serve"],
        cwd=ROOT,
        env={**env, "PYTHON": sys.executable},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert process.poll() is None, Path(log.name).read_text()
            try:
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("The production server did not start:\n" + Path(log.name).read_text())
        yield {
            "url": url,
            "database_url": database_url,
            "name": name,
            "base_url": base_url,
            "master": _master(process.pid),
        }
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(60)
        log.close()
        with _admin(base_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _children(pid):
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found]


def _master(serve_pid):
    """The gunicorn master among the serve script's children."""
    for _ in range(100):
        for child in _children(serve_pid):
            if "gunicorn" in Path(f"/proc/{child}/cmdline").read_text():
                return child
        time.sleep(0.1)
    raise AssertionError("no gunicorn master")


class Shopper:
    """A browser's cookies and headers: the site is served as HTTPS behind a proxy."""

    def __init__(self, url):
        self.url = url
        self.session = requests.Session()
        self.headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{url[7:]}/"}

    def _keep_cookies(self):
        for cookie in self.session.cookies:
            cookie.secure = False  # secure cookies, on a plain-HTTP test connection

    def get(self, path):
        response = self.session.get(self.url + path, headers=self.headers, timeout=30)
        self._keep_cookies()
        return response

    def post(self, path, data):
        response = self.session.post(
            self.url + path,
            data={**data, "csrfmiddlewaretoken": self.csrf(path)},
            headers=self.headers,
            allow_redirects=False,
            timeout=30,
        )
        self._keep_cookies()
        return response

    def csrf(self, path):
        return self.session.cookies.get("csrftoken") or ""


def _count(server, table, where="TRUE"):
    with psycopg.connect(server["database_url"]) as db:
        return db.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def _vote(url):
    shopper = Shopper(url)
    try:
        shopper.get(ARTICLE)
        return shopper.post(ARTICLE, {"helpful": "yes"}).status_code == 302
    except requests.RequestException:
        return False  # the shopper saw an error: nothing was promised


def _ticket(url, subject):
    shopper = Shopper(url)
    try:
        html = shopper.get("/en/contact/").text
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        time.sleep(3.2)  # the form refuses to be sent faster than a person fills it
        response = shopper.post(
            "/en/contact/",
            {
                "name": "Jana Novak",
                "email": "jana@example.com",
                "topic": "returns",
                "order_number": "",
                "subject": subject,
                "homepage": "",
                "token": token,
                "message": "The return label does not print for my linen duvet cover.",
            },
        )
        return response.status_code == 302 and "/contact/sent/" in response.headers["Location"]
    except requests.RequestException:
        return False


def test_a_killed_worker_is_replaced_and_nothing_confirmed_is_lost(server):
    url = server["url"]
    workers = _children(server["master"])
    assert len(workers) == 2
    with ThreadPoolExecutor(6) as pool:
        tickets = [pool.submit(_ticket, url, f"kill-test {n}") for n in range(3)]
        votes = [pool.submit(_vote, url) for _ in range(30)]
        time.sleep(1.0)
        os.kill(workers[0], signal.SIGKILL)  # mid-request: the workers are busy with votes
        votes += [pool.submit(_vote, url) for _ in range(10)]
        confirmed_votes = sum(future.result() for future in votes)
        confirmed_tickets = sum(future.result() for future in tickets)
    # Every vote and ticket a shopper was told about is stored; most went through.
    assert _count(server, "portal_articlevote") >= confirmed_votes >= 30
    assert _count(server, "portal_ticket", "subject LIKE 'kill-test%%'") >= confirmed_tickets >= 2
    deadline = time.monotonic() + 60
    while len(_children(server["master"])) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    replaced = _children(server["master"])
    assert len(replaced) == 2 and workers[0] not in replaced
    assert Shopper(url).get(ARTICLE).status_code == 200


def test_a_database_outage_gives_a_clear_503_and_healthz_names_it(server):
    url, name = server["url"], server["name"]
    with _admin(server["base_url"]) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        try:
            page = Shopper(url).get(ARTICLE)
            assert page.status_code == 503 and page.headers["Retry-After"]
            assert "briefly unavailable" in page.text and "Traceback" not in page.text
            api = Shopper(url).get("/api/v1/search?q=return&lang=en")
            assert api.status_code == 503, (api.status_code, api.text[:300])
            assert api.headers["Content-Type"] == "application/json", api.text[:600]
            assert "unavailable" in api.json()["error"]
            health = requests.get(f"{url}/healthz", timeout=30)
            assert health.status_code == 503
            assert health.json()["checks"]["database"]["ok"] is False
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert Shopper(url).get(ARTICLE).status_code == 200
    assert requests.get(f"{url}/healthz", timeout=30).status_code == 200
