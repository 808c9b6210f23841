"""Sentence splitting for direct answers, per language: an answer quotes whole sentences.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by white space and a sentence
start, or at the full-width marks of Chinese and Japanese (``。！？``) and the Arabic
question mark (``؟``) with or without space. Not a sentence end: a known abbreviation
("z. B.", "e.g.", "p. ej."), an initial ("J. Smith"), a number's point ("4.90"), a German
ordinal ("am 3. Dezember"), or a point followed by a lower-case word ("etc. and more").
"""

import re

#: Abbreviations after which a point does not end a sentence, folded to lower case,
#: without their final point. Shared: "etc", "ca", "nr" are written alike in several.
ABBREVIATIONS = {
    "": {"etc", "ca", "nr", "no", "vs", "approx", "incl", "excl", "min", "max", "tel"},
    "en": {"e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "jr", "inc", "ltd", "co", "dept"},
    "de": {
        "z.b", "z", "b", "bzw", "d.h", "d", "h", "usw", "inkl", "ggf", "evtl", "u.a", "str",
        "mwst", "zzgl", "gem", "vgl", "bspw", "sog", "tägl", "mo", "di", "mi", "do", "fr",
        "sa", "so", "abs", "ust",
    },
    "fr": {"m", "mme", "mlle", "p.ex", "ex", "env", "cf", "art", "tél", "av", "bd", "hors"},
    "es": {"p.ej", "ej", "sr", "sra", "srta", "ud", "uds", "aprox", "núm", "art", "dña", "av"},
}  # fmt: skip

_CANDIDATE = re.compile(r"(?P<end>[.!?…]+|[。！？؟]+)(?P<close>[\"'”’»)\]]*)(?P<space>\s*)")
_WORD_BEFORE = re.compile(r"([^\W\d_](?:[^\W_]|\.)*)$")
_CJK_OR_ARABIC_END = set("。！？؟")


def sentences(text, language=""):
    """The sentences of ``text`` in order, stripped; the text itself when it has one."""
    text = " ".join((text or "").split())
    if not text:
        return []
    found, start = [], 0
    for match in _CANDIDATE.finditer(text):
        stop = match.end("close")
        if match.end() >= len(text):
            break
        if not _ends_sentence(text, match, language):
            continue
        piece = text[start:stop].strip()
        if piece:
            found.append(piece)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        found.append(rest)
    return found


def _ends_sentence(text, match, language):
    end = match.group("end")
    following = text[match.end() :]
    if end[-1] in _CJK_OR_ARABIC_END:
        return True
    if not match.group("space"):
        return False  # "4.90", "example.com", "z.B."
    first = following[:1]
    if first.islower():
        return False  # "etc. and more"
    if end != ".":
        return True  # "!", "?", "…"
    before = _WORD_BEFORE.search(text[: match.start()])
    word = before.group(1).lower() if before else ""
    if not word:
        # A number before the point: a German ordinal ("3. Dezember") continues the
        # sentence; elsewhere a number ends it ("… in 2024. Then").
        digits = re.search(r"(\d+)$", text[: match.start()])
        return not (digits and language.startswith("de") and len(digits.group(1)) <= 2)
    if len(word) == 1 and word.isalpha() and text[before.start(1)].isupper():
        return False  # an initial: "J. Smith"
    known = ABBREVIATIONS[""] | ABBREVIATIONS.get(language.split("-")[0], set())
    return word not in known


def is_whole(sentence, language=""):
    """Whether ``sentence`` reads as a whole sentence rather than a piece of one: it does
    not start in lower case (a cased script's continuation) nor with a joining mark, and
    it ends with a sentence mark unless it is short (a list item, a table cell's line)."""
    if not sentence:
        return False
    first = sentence[0]
    if first.islower() or first in ",;:)]}-–—":
        return False
    last = sentence.rstrip("\"'”’»)]")[-1:]
    return last in ".!?…。！？؟" or len(sentence) <= 160
