"""Generative answers against a small local server speaking OpenAI's chat completions
protocol (a hosted model is a third party we cannot run here): the model gets only the
retrieved passages, and an answer citing anything else is dropped for the quoted one."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache

QUESTION = "How long do I have to return an item?"


class ChatServer(ThreadingHTTPServer):
    reply = ""
    status = 200
    requests = ()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 — the protocol's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests = [*self.server.requests, (self.path, dict(self.headers), body)]
        payload = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": self.server.reply},
                    "finish_reason": "stop",
                }
            ],
        }
        data = json.dumps(payload).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def chat(settings):
    server = ChatServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ANSWER_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.ANSWER_LLM_MODEL = "help-model"
    settings.ANSWER_LLM_API_KEY = "secret-key"
    settings.ANSWER_LLM_TIMEOUT = 5
    settings.SEARCH_ANSWER_MIN_SCORE = 0.05  # a three-article help center, as elsewhere
    cache.clear()
    yield server
    server.shutdown()
    server.server_close()


def answer_of(client, query=QUESTION):
    return client.get("/api/v1/search", {"q": query, "lang": "en"}).json()["answer"]


def test_a_cited_answer_from_the_given_passages_is_shown(client, help_center, chat):
    chat.reply = "You have 30 days from delivery to return an item [1]."
    answer = answer_of(client)
    assert answer["generated"] == {
        "text": "You have 30 days from delivery to return an item [1].",
        "citations": [
            {
                "number": 1,
                "article_id": help_center.faq.pk,
                "title": "Returning an item",
                "section": "How long do I have to return an item?",
                "url": "http://testserver/en/returns/returning-an-item/",
                "language": "en",
            }
        ],
    }
    assert answer["sentences"] == ["30 days from delivery."]  # the quote stays beside it
    ((path, headers, body),) = chat.requests
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer secret-key"
    assert body["model"] == "help-model" and body["temperature"] == 0
    prompt = body["messages"][1]["content"]
    assert prompt.startswith(f"Question: {QUESTION}")
    assert (
        "[1] Returning an item › How long do I have to return an item?\n30 days from delivery."
        in prompt
    )
    assert "Use only the numbered passages" in body["messages"][0]["content"]

    html = client.get("/en/search/", {"q": QUESTION}).content.decode()
    assert "You have 30 days from delivery to return an item [1]." in html
    assert "Written by an AI model from these articles:" in html


@pytest.mark.parametrize(
    "reply",
    [
        "You have 30 days [4].",  # a passage it was not given
        "You have 30 days.",  # no citation
        "You have 30 days [1]. Returns are always free.",  # a sentence without one
        "Call 0800 555 0199 to return an item within 30 days [1].",  # a number never written
        "Write to returns@scam.example within 30 days [1].",  # an address never written
        "Bananas grow on tall plants [1].",  # nothing in common with the passage
        "NO_ANSWER",
        "",
        ["You have 30 days [1]."],  # not text
    ],
)
def test_an_answer_not_grounded_in_the_passages_is_dropped_for_the_quote(
    client, help_center, chat, reply
):
    chat.reply = reply
    answer = answer_of(client)
    assert answer["generated"] is None
    assert answer["sentences"] == ["30 days from delivery."]


def test_the_same_question_asks_the_model_once_and_german_sentences_are_read_whole(
    client, help_center, chat
):
    chat.reply = "Sie haben z. B. bei Rücksendungen 30 Tage ab Lieferung Zeit [1]."
    query = "Wie lange kann ich zurücksenden?"
    for _ in range(2):
        answer = client.get("/api/v1/search", {"q": query, "lang": "de"}).json()["answer"]
        assert answer["generated"]["text"] == chat.reply
    assert len(chat.requests) == 1


def test_contact_form_suggestions_do_not_call_the_model(client, help_center, chat):
    chat.reply = "You have 30 days from delivery to return an item [1]."
    payload = client.get("/en/contact/suggestions/", {"q": QUESTION}).json()
    assert payload["answer"]["sentences"] == ["30 days from delivery."]
    assert payload["answer"]["generated"] is None and chat.requests == ()


def test_the_model_never_sees_the_shoppers_personal_data(client, help_center, chat):
    chat.reply = "You have 30 days from delivery to return an item [1]."
    client.get("/api/v1/search", {"q": f"{QUESTION} I am jana@example.com", "lang": "en"})
    ((_path, _headers, body),) = chat.requests
    assert (
        "jana@example.com" not in json.dumps(body) and "[email]" in body["messages"][1]["content"]
    )


def test_a_failing_model_server_leaves_the_quoted_answer(client, help_center, chat):
    chat.status, chat.reply = 500, "You have 30 days [1]."
    response = client.get("/api/v1/search", {"q": QUESTION, "lang": "en"})
    assert response.status_code == 200
    assert response.json()["answer"]["generated"] is None
    assert response.json()["answer"]["sentences"] == ["30 days from delivery."]


def test_no_model_call_without_a_question_or_an_answer(client, help_center, chat):
    chat.reply = "Returns [1]."
    assert client.get("/api/v1/search", {"q": "returns", "lang": "en"}).json()["answer"] is None
    assert chat.requests == ()
