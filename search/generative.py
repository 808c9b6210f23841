"""Optional generative answers: a chat model rewrites the answer from the retrieved passages
only, and must cite them; an answer whose citations do not point at the passages it was
given is dropped (the extractive answer stays).

Any server speaking OpenAI's chat completions protocol will do (vLLM, llama.cpp's server,
Ollama, a hosted one): ``ANSWER_LLM_URL`` (its base URL, e.g. ``http://127.0.0.1:8080/v1``),
``ANSWER_LLM_MODEL``, ``ANSWER_LLM_API_KEY`` (sent as a bearer token when set) and
``ANSWER_LLM_TIMEOUT`` (seconds). Off when ``ANSWER_LLM_URL`` is unset.
"""

import hashlib
import logging
import re
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language_info

from .sentences import sentences
from .text import content_words, words

logger = logging.getLogger(__name__)

#: Passages (the first results' best ones) the model is given.
MAX_PASSAGES = 3
#: Longest answer kept, in characters.
MAX_ANSWER_CHARS = 700
NO_ANSWER = "NO_ANSWER"
_CITATION = re.compile(r"\[(\d+)\]")
_CITED_AFTER_END = re.compile(r"([.!?。！？])\s*((?:\[\d+\])+)")
#: What an answer may only repeat from the passages: links, e-mail addresses, numbers.
_FACTS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|\d[\d\s().,/+-]*\d|\d")
#: Seconds a chat model's reply is kept for the same question and passages.
CACHE_SECONDS = 24 * 3600

SYSTEM_PROMPT = (
    "You answer shoppers' questions for an online shop's help center. Use only the numbered "
    "passages you are given, never other knowledge. Answer in {language}, in at most three "
    "short sentences. End every sentence with the numbers of the passages it comes from, "
    "like [1] or [1][2]. If the passages do not answer the question, reply exactly "
    f"{NO_ANSWER}."
)


@dataclass
class Citation:
    number: int
    parent_id: str
    title: str
    heading: str
    url: str
    language: str


@dataclass
class Generated:
    text: str  # the model's answer, its citation marks kept
    citations: list  # the Citations its marks point at, in number order


def configured():
    return bool(getattr(settings, "ANSWER_LLM_URL", ""))


def generate(query, language, hits):
    """The model's cited answer from ``hits``' passages, or None (not configured, no
    passage, the model failed, declined or cited something it was not given)."""
    passages = [hit for hit in hits if hit.text][:MAX_PASSAGES]
    if not configured() or not passages:
        return None
    key = _cache_key(query, language, passages)
    cached = cache.get(key)
    if cached is not None:
        return checked(cached, passages, language)
    try:
        reply = _chat(query, language, passages)
    except (requests.RequestException, ValueError, KeyError, IndexError, TypeError) as exc:
        logger.warning("Generative answer failed, showing the extractive one: %s", exc)
        return None
    if not isinstance(reply, str):
        logger.warning("The chat server's answer is not text; showing the extractive one")
        return None
    cache.set(key, reply, CACHE_SECONDS)
    return checked(reply, passages, language)


def _cache_key(query, language, passages):
    """The same question on the same passages asks the model once a day at most."""
    parts = [getattr(settings, "ANSWER_LLM_MODEL", ""), language, " ".join(query.lower().split())]
    parts += [f"{hit.passage_id}:{hit.text}" for hit in passages]
    return "answer-llm:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def checked(reply, passages, language=""):
    """``reply`` as a Generated answer when every sentence cites given passages only, shares
    words with a passage it cites, and brings no address, number or link of its own (a
    question cannot have the model show a phone number the help center never wrote)."""
    text = " ".join((reply or "").split())
    if not text or NO_ANSWER in text or len(text) > MAX_ANSWER_CHARS:
        return None
    numbers = [int(n) for n in _CITATION.findall(text)]
    if not numbers or any(not 1 <= n <= len(passages) for n in numbers):
        return None
    # Every sentence cites: "… in 30 days [1]." (or "… in 30 days. [1]", read the same).
    marked = _CITED_AFTER_END.sub(r" \2\1", text)
    for sentence in sentences(marked, language):
        cited = [int(n) for n in _CITATION.findall(sentence)]
        if not cited:
            return None
        said = set(content_words(words(_CITATION.sub(" ", sentence)), [language or "en"]))
        if not any(
            said & set(words(passages[n - 1].text + " " + passages[n - 1].title)) for n in cited
        ):
            return None
    given = " ".join(hit.text for hit in passages)
    if any(token not in given for token in _FACTS.findall(_CITATION.sub(" ", text))):
        return None
    cited = sorted(set(numbers))
    return Generated(
        text=text,
        citations=[
            Citation(
                number=n,
                parent_id=str(passages[n - 1].parent_id),
                title=passages[n - 1].title,
                heading=passages[n - 1].heading,
                url=passages[n - 1].url,
                language=passages[n - 1].language,
            )
            for n in cited
        ],
    )


def _chat(query, language, passages):
    info_language = language.split("-")[0]
    try:
        name = get_language_info(info_language)["name"]
    except KeyError:
        name = language
    listing = "\n\n".join(
        f"[{number}] {hit.title}{' › ' + hit.heading if hit.heading else ''}\n{hit.text}"
        for number, hit in enumerate(passages, 1)
    )
    headers = {"Content-Type": "application/json"}
    if getattr(settings, "ANSWER_LLM_API_KEY", ""):
        headers["Authorization"] = f"Bearer {settings.ANSWER_LLM_API_KEY}"
    response = requests.post(
        settings.ANSWER_LLM_URL.rstrip("/") + "/chat/completions",
        json={
            "model": getattr(settings, "ANSWER_LLM_MODEL", "") or "default",
            "temperature": 0,
            "max_tokens": 300,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT.format(language=name)},
                {"role": "user", "content": f"Question: {query}\n\nPassages:\n\n{listing}"},
            ],
        },
        headers=headers,
        timeout=getattr(settings, "ANSWER_LLM_TIMEOUT", 8.0),
    )
    response.raise_for_status()
    return response.json()["choices"][0]["message"]["content"]
