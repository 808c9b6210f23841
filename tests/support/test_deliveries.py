"""Ticket deliveries against real servers: an SMTP server (aiosmtpd) and an HTTP receiver
that checks the webhook signature as an outside helpdesk would."""

import email
import email.policy
import hashlib
import hmac
import json
import socket
import threading
import time
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.email_config import email_settings
from portal.support.deliveries import retries as deliveries
from portal.support.models import Delivery, Ticket
from portal.support.templatetags.support_tags import response_time

DENIED = "Sorry, you do not have permission to access this area."


def assert_sent_to_dashboard_with_denial(response):
    """Wagtail refuses a permission it does not grant: back to the dashboard, with a notice."""
    assert response.redirect_chain == [("/admin/", 302)]
    assert DENIED in response.content.decode()


SECRET = "receiver-shared-secret"
Status = Delivery.Status


def make_ticket(**fields):
    values = {
        "language": "en",
        "topic": "payment",
        "name": "Anna <Berg>",
        "email": "anna@example.com",
        "order_number": "100234",
        "subject": "Charged twice",
        "message": "My card was charged twice for order 100234. <script>alert(1)</script>",
        "response_time_hours": 48,
        "visit_key": uuid.uuid4().hex,
        "submission_token": uuid.uuid4().hex,
        "timeline": [{"kind": "search", "query": "doppelt abgebucht", "result_count": 0}],
        "entry_page": "/de/zahlung/",
    }
    values.update(fields)
    return Ticket.objects.create(**values)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def schedule(ticket, capture):
    with capture(execute=True):
        deliveries.schedule_ticket_deliveries(ticket)
    return {d.channel: d for d in ticket.deliveries.all()}


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.HELPDESK_WEBHOOK_URL = ""
    return settings


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def start_smtp_server(port):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


# The acknowledgement e-mail through a real SMTP server


@pytest.mark.django_db
def test_email_waits_for_the_mail_server_and_arrives_once_in_the_tickets_language(
    smtp_settings, django_capture_on_commit_callbacks
):
    smtp_settings.SUPPORT_REPLY_TO_EMAIL = "support@example.com"
    ticket = make_ticket(language="de")

    # Nothing listens on the port yet: the ticket stays, the e-mail waits.
    by_channel = schedule(ticket, django_capture_on_commit_callbacks)
    assert set(by_channel) == {Delivery.Channel.EMAIL}
    delivery = by_channel[Delivery.Channel.EMAIL]
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert delivery.status == Status.PENDING
    assert delivery.attempts == 1
    assert "refused" in delivery.last_error.lower()
    assert delivery.next_attempt_at > timezone.now()

    controller, inbox = start_smtp_server(smtp_settings.EMAIL_PORT)
    try:
        assert deliveries.retry_due_deliveries() == {}  # not due yet
        later = delivery.next_attempt_at + timedelta(seconds=1)
        assert deliveries.retry_due_deliveries(now=later) == {"sent": 1}
        assert deliveries.retry_due_deliveries(now=later + timedelta(days=3)) == {}
        assert deliveries.retry_now(delivery.pk) is None
    finally:
        controller.stop()

    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["anna@example.com"]
    with translation.override("de"):
        received = gettext("We received your request")
        within = response_time(48)
    assert message["Subject"] == f"[{ticket.reference}] {received}"
    assert message["Reply-To"] == "support@example.com"
    assert message["Content-Language"] == "de"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert ticket.reference in part
        assert "Zahlung" in part  # the topic, from the German catalogue
        assert "100234" in part
        assert within in part
    assert '<html lang="de">' in html
    assert "Anna &lt;Berg&gt;" in html and "<Berg>" not in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "Anna <Berg>" in text

    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert delivery.sent_at == later
    assert delivery.last_error == ""
    assert delivery.next_attempt_at is None


@pytest.mark.django_db
def test_acknowledgement_summarises_the_request(django_capture_on_commit_callbacks, settings):
    settings.HELPDESK_WEBHOOK_URL = ""
    settings.SUPPORT_REPLY_TO_EMAIL = ""
    ticket = make_ticket(message="word " * 200, order_number="", response_time_hours=24)
    schedule(ticket, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.subject == f"[{ticket.reference}] We received your request"
    assert message.reply_to == []
    assert "within 24 hours" in message.body
    assert "Order number" not in message.body
    assert "word " * 50 in message.body and "word " * 70 not in message.body
    assert settings.WAGTAIL_SITE_NAME in message.body
    assert ticket.deliveries.get().status == Status.SENT


# The webhook through a real HTTP receiver


def verify_signature(secret, headers, body, tolerance=300):
    """What the receiving helpdesk does with each request."""
    timestamp = headers.get("X-Helpdesk-Timestamp", "")
    signature = headers.get("X-Helpdesk-Signature", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest("sha256=" + expected.hexdigest(), signature)


class Receiver:
    """An HTTP server that answers with the given statuses in turn and keeps each request."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/tickets"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.django_db
def test_webhook_is_signed_retried_after_an_error_and_carries_the_ticket(
    settings, django_capture_on_commit_callbacks
):
    settings.HELPDESK_WEBHOOK_SECRET = SECRET
    ticket = make_ticket(language="fr")
    with Receiver([500, 200]) as receiver:
        settings.HELPDESK_WEBHOOK_URL = receiver.url
        webhook = schedule(ticket, django_capture_on_commit_callbacks)[Delivery.Channel.WEBHOOK]

        assert webhook.status == Status.PENDING
        assert webhook.last_error == "Webhook answered HTTP 500"
        assert webhook.next_attempt_at - webhook.updated_at >= timedelta(seconds=59)
        assert len(mail.outbox) == 1  # the e-mail does not wait for the webhook

        outcomes = deliveries.retry_due_deliveries(now=webhook.next_attempt_at)
        assert outcomes == {"sent": 1}

    assert len(receiver.requests) == 2
    for request in receiver.requests:
        assert request["headers"]["Content-Type"] == "application/json"
        assert verify_signature(SECRET, request["headers"], request["body"])
        assert not verify_signature("another-secret", request["headers"], request["body"])
    payload = json.loads(receiver.requests[-1]["body"])
    assert payload["event"] == "ticket.created"
    sent = payload["ticket"]
    assert sent["reference"] == ticket.reference
    assert sent["language"] == "fr"
    assert sent["topic"] == "payment"
    assert sent["status"] == "new"
    assert sent["email"] == "anna@example.com"
    assert sent["name"] == "Anna <Berg>"
    assert sent["order_number"] == "100234"
    assert sent["message"] == ticket.message
    assert sent["entry_page"] == "/de/zahlung/"
    assert sent["response_time_hours"] == 48
    assert sent["timeline"] == ticket.timeline
    assert sent["created_at"] == ticket.created_at.isoformat()

    webhook.refresh_from_db()
    assert (webhook.status, webhook.attempts, webhook.last_error) == (Status.SENT, 2, "")


@pytest.mark.django_db
def test_webhook_without_a_secret_is_not_sent(settings, django_capture_on_commit_callbacks):
    settings.HELPDESK_WEBHOOK_SECRET = ""
    with Receiver([]) as receiver:
        settings.HELPDESK_WEBHOOK_URL = receiver.url
        webhook = schedule(make_ticket(), django_capture_on_commit_callbacks)["webhook"]
    assert receiver.requests == []
    assert webhook.status == Status.PENDING
    assert "HELPDESK_WEBHOOK_SECRET" in webhook.last_error


# Back-off, giving up, sending once


def test_back_off_grows_and_spans_two_to_three_days():
    delays = [deliveries.retry_delay(n) for n in range(1, deliveries.MAX_ATTEMPTS)]
    assert delays[0] == timedelta(minutes=1)
    assert delays == sorted(delays)
    assert len(set(delays[:6])) == 6
    assert delays[-1] == timedelta(hours=12)
    assert timedelta(days=2) <= sum(delays, timedelta()) <= timedelta(days=3)


@pytest.mark.django_db
def test_delivery_gives_up_after_the_maximum_attempts(
    smtp_settings, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    delivery = schedule(ticket, django_capture_on_commit_callbacks)["email"]
    started = delivery.next_attempt_at
    while delivery.status == Status.PENDING:
        deliveries.retry_due_deliveries(now=delivery.next_attempt_at)
        delivery.refresh_from_db()

    assert delivery.attempts == deliveries.MAX_ATTEMPTS
    assert delivery.status == Status.FAILED
    assert delivery.next_attempt_at is None
    assert "refused" in delivery.last_error.lower()
    assert deliveries.retry_due_deliveries(now=started + timedelta(days=30)) == {}

    # "Retry now" gives it one more chance, and it stays failed when that fails too.
    assert deliveries.retry_now(delivery.pk) == Status.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, deliveries.MAX_ATTEMPTS + 1)

    controller, inbox = start_smtp_server(smtp_settings.EMAIL_PORT)
    try:
        assert deliveries.retry_now(delivery.pk) == Status.SENT
    finally:
        controller.stop()
    assert len(inbox.messages) == 1


@pytest.mark.django_db
def test_a_sent_delivery_is_never_sent_again(settings, django_capture_on_commit_callbacks):
    settings.HELPDESK_WEBHOOK_URL = ""
    delivery = schedule(make_ticket(), django_capture_on_commit_callbacks)["email"]
    assert delivery.status == Status.SENT
    far = timezone.now() + timedelta(days=10)
    assert deliveries.retry_due_deliveries(now=far) == {}
    assert deliveries.attempt(delivery.pk, now=far) is None
    assert deliveries.retry_now(delivery.pk) is None
    deliveries.deliver.enqueue(delivery.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_claimed_delivery_is_not_attempted_by_another_worker(settings):
    settings.HELPDESK_WEBHOOK_URL = ""
    # Scheduled without running the first attempt (as if its task had not run yet).
    (delivery,) = deliveries.schedule_ticket_deliveries(make_ticket())
    now = timezone.now()

    # Another worker has claimed it and is sending it.
    assert deliveries._claim(delivery.pk, now)
    assert not deliveries._claim(delivery.pk, now)
    assert deliveries.retry_due_deliveries(now=now) == {}
    assert deliveries.attempt(delivery.pk, now=now) is None
    assert deliveries.retry_now(delivery.pk, now=now) is None
    assert mail.outbox == []

    # That worker died: once its lock expires the delivery is attempted, once.
    later = now + deliveries.LOCK_DURATION + timedelta(seconds=1)
    assert deliveries.retry_due_deliveries(now=later) == {"sent": 1}
    assert deliveries.retry_due_deliveries(now=later) == {}
    assert deliveries.attempt(delivery.pk, now=later) is None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_task_tolerates_a_worker_clock_slightly_behind(settings):
    settings.HELPDESK_WEBHOOK_URL = ""
    (delivery,) = deliveries.schedule_ticket_deliveries(make_ticket())
    reschedule = Delivery.objects.filter(pk=delivery.pk).update
    reschedule(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert deliveries.deliver.call(delivery.pk) is None
    reschedule(next_attempt_at=timezone.now() + timedelta(seconds=10))
    assert deliveries.deliver.call(delivery.pk) == Status.SENT
    assert len(mail.outbox) == 1


# The worker closes database connections between tasks, as it does in production: the test
# cannot run inside a transaction that is rolled back afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_task_backend_gets_a_deferred_retry(
    smtp_settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    smtp_settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    delivery = schedule(make_ticket(), django_capture_on_commit_callbacks)["email"]
    assert delivery.attempts == 0  # queued, not run yet
    # Creating a ticket may queue other work too (Wagtail's reference index).
    queued = DBTaskResult.objects.filter(task_path="portal.support.deliveries.retries.deliver")
    (first,) = queued
    assert first.args_kwargs["args"] == [delivery.pk]

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.PENDING, 1)
    retry = queued.exclude(pk=first.pk).get()
    assert retry.run_after == delivery.next_attempt_at
    assert retry.status == "READY"


# The operator's command


@pytest.mark.django_db
def test_kb_deliveries_command_retries_and_lists(
    smtp_settings, django_capture_on_commit_callbacks, capsys
):
    ticket = make_ticket()
    schedule(ticket, django_capture_on_commit_callbacks)
    call_command("kb_deliveries", "--list")
    listed = capsys.readouterr().out
    assert ticket.reference in listed and "1 unsent deliveries." in listed
    assert ticket.email not in listed

    Delivery.objects.update(next_attempt_at=timezone.now())
    call_command("kb_deliveries")
    assert "1 due: 0 sent, 1 to retry later" in capsys.readouterr().out


# The delivery log in the admin


@pytest.mark.django_db
def test_admin_log_lists_deliveries_and_retries_one(
    client, django_user_model, smtp_settings, django_capture_on_commit_callbacks
):
    try:
        index_url = reverse("deliveries:index")
    except NoReverseMatch:
        pytest.skip("DeliveryViewSet is not registered in portal/wagtail_hooks.py")
    from django.contrib.auth.models import Permission

    ticket = make_ticket()
    delivery = schedule(ticket, django_capture_on_commit_callbacks)["email"]
    lead = django_user_model.objects.create_user("lead", password="x")
    lead.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_delivery"),
    )
    outsider = django_user_model.objects.create_user("outsider", password="x")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    retry_url = reverse("deliveries:retry", args=[delivery.pk])

    client.force_login(outsider)
    assert_sent_to_dashboard_with_denial(client.get(index_url, follow=True))
    assert_sent_to_dashboard_with_denial(client.post(retry_url, follow=True))
    assert Delivery.objects.get().attempts == 1

    client.force_login(lead)
    page = client.get(index_url).content.decode()
    assert ticket.reference in page and "Retry now" in page and retry_url in page
    assert "/new/" not in page
    assert client.get(retry_url).status_code == 405
    controller, inbox = start_smtp_server(smtp_settings.EMAIL_PORT)
    try:
        response = client.post(retry_url, {"next": "https://evil.example/"})
    finally:
        controller.stop()
    assert response.status_code == 302 and response["Location"] == index_url
    assert len(inbox.messages) == 1
    assert Delivery.objects.get().status == Status.SENT


# EMAIL_URL and the separate EMAIL_* variables


SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"EMAIL_URL": "smtp://mailer:p%40ss%3Aw0rd@mail.example.com:587?tls=true&timeout=20"},
            {
                "EMAIL_BACKEND": SMTP,
                "EMAIL_HOST": "mail.example.com",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "mailer",
                "EMAIL_HOST_PASSWORD": "p@ss:w0rd",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
                "EMAIL_TIMEOUT": 20,
            },
        ),
        (
            {"EMAIL_URL": "smtps://user%40example.com:secret@smtp.example.com"},
            {
                "EMAIL_BACKEND": SMTP,
                "EMAIL_HOST": "smtp.example.com",
                "EMAIL_PORT": 465,
                "EMAIL_HOST_USER": "user@example.com",
                "EMAIL_HOST_PASSWORD": "secret",
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": True,
                "EMAIL_TIMEOUT": 10,
            },
        ),
        (
            {"EMAIL_URL": "smtp://localhost", "EMAIL_HOST": "ignored.example.com"},
            {
                "EMAIL_BACKEND": SMTP,
                "EMAIL_HOST": "localhost",
                "EMAIL_PORT": 25,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False,
                "EMAIL_TIMEOUT": 10,
            },
        ),
        (
            {"EMAIL_URL": "console://"},
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
        ),
        (
            {"EMAIL_URL": "locmem://"},
            {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        ),
        ({}, {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            {
                "EMAIL_HOST": "relay.internal",
                "EMAIL_PORT": "2525",
                "EMAIL_HOST_USER": "portal",
                "EMAIL_HOST_PASSWORD": "pw",
                "EMAIL_USE_TLS": "true",
                "EMAIL_TIMEOUT": "2.5",
            },
            {
                "EMAIL_BACKEND": SMTP,
                "EMAIL_HOST": "relay.internal",
                "EMAIL_PORT": 2525,
                "EMAIL_HOST_USER": "portal",
                "EMAIL_HOST_PASSWORD": "pw",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
                "EMAIL_TIMEOUT": 2.5,
            },
        ),
        (
            {"EMAIL_HOST": "relay.internal", "EMAIL_USE_SSL": "yes"},
            {
                "EMAIL_BACKEND": SMTP,
                "EMAIL_HOST": "relay.internal",
                "EMAIL_PORT": 465,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": True,
                "EMAIL_TIMEOUT": 10,
            },
        ),
    ],
)
def test_email_settings(environ, expected):
    assert email_settings(environ) == expected


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"EMAIL_URL": "sendgrid://key@api"}, "unknown scheme 'sendgrid': use smtp://"),
        ({"EMAIL_URL": "smtp://"}, "names no mail server"),
        ({"EMAIL_URL": "smtp://host:port"}, "invalid port"),
        ({"EMAIL_URL": "smtp://host?ssl=true"}, "unknown options ssl"),
        ({"EMAIL_URL": "smtp://host?tls=maybe"}, "is not a boolean: use true or false"),
        ({"EMAIL_URL": "smtps://host?tls=true"}, "use smtps:// alone"),
        ({"EMAIL_URL": "smtp://host?timeout=soon"}, "is not a number of seconds"),
        ({"EMAIL_HOST": "h", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "not both"),
        ({"EMAIL_HOST": "h", "EMAIL_PORT": "smtp"}, "is not a port number"),
    ],
)
def test_email_settings_refuse_bad_values_with_the_fix(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("?", r"\?")):
        email_settings(environ)
