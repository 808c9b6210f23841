"""Text analysis shared by the engines: cleaning user input, words, stems.

Words are runs of letters and digits (``_`` separates them),
lower-cased, with diacritics folded ("Rücksendung" → "rucksendung"). Stems come from the
Snowball stemmer of the language when the ``snowballstemmer`` package is installed; other
languages, and installs without it, match on whole words. Stop words ("der", "the",
"de") come from the lists in ``stopwords/`` (Snowball's); a language without a list has none.
"""

import functools
import re
import unicodedata
from pathlib import Path

#: Longest query the engines look at, in characters; longer input is clipped at a word.
MAX_QUERY_CHARS = 256

_WORD = re.compile(r"[^\W_]+")
_EMAIL = re.compile(r"\S+@\S+")
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}

STOP_WORDS_DIR = Path(__file__).resolve().parent / "stopwords"

#: Snowball algorithms by language code.
SNOWBALL_LANGUAGES = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish",
    "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian",
    "ne": "nepali", "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip


def clean_query(raw, max_chars=MAX_QUERY_CHARS):
    """User input as safe plain text: decoded, without control characters, white space
    folded, clipped at a word to ``max_chars`` (``None``: not clipped).

    Accepts anything (``None``, bytes, lone surrogates); never raises.
    """
    if raw is None:
        return ""
    if isinstance(raw, bytes | bytearray):
        raw = bytes(raw).decode("utf-8", errors="replace")
    text = str(raw).encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")
    text = unicodedata.normalize("NFC", text.replace("\ufffd", " "))
    text = "".join(" " if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text)
    text = " ".join(text.split())
    if max_chars is not None and len(text) > max_chars:
        clipped = text[: max_chars + 1].rsplit(" ", 1)[0]
        text = clipped if clipped and len(clipped) <= max_chars else text[:max_chars]
    return text


def base_language(code):
    """ "de-CH" → "de"."""
    return (code or "").replace("_", "-").split("-")[0].lower()


@functools.lru_cache(maxsize=100_000)
def fold(word):
    """Lower-case and strip diacritics: "Zurück" → "zuruck"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text):
    """Folded words of ``text``, in order, repeats kept."""
    return [fold(word) for word in _WORD.findall(unicodedata.normalize("NFC", text or ""))]


def word_spans(text):
    """(start, end, folded word) for each word of ``text``, for highlighting."""
    return [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text or "")]


@functools.lru_cache(maxsize=64)
def stop_words(language):
    """The folded stop words of a language code (empty for a language without a list)."""
    path = STOP_WORDS_DIR / f"{base_language(language)}.txt"
    if not base_language(language).isalpha() or not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in words(line))


def stop_words_of(languages):
    """The stop words of any of ``languages``."""
    return frozenset().union(*(stop_words(language) for language in languages))


def content_words(query_words, languages):
    """The query words that are not stop words in any of ``languages``; all of them when
    the query is only stop words ("to be or not to be")."""
    stop = stop_words_of(languages)
    kept = [word for word in query_words if word not in stop]
    return kept or list(query_words)


def evidence_words(text, languages):
    """The words of a query that say what it is about, for the relevance cut-off's
    coverage: its content words without e-mail addresses, numbers and fragments of one or
    two letters (an order number, initials), which only match literally; the content words
    when that leaves none."""
    content = content_words(words(text), languages)
    kept = [
        w
        for w in content_words(words(_EMAIL.sub(" ", text or "")), languages)
        if len(w) > 2 and not any(ch.isdigit() for ch in w)
    ]
    return list(dict.fromkeys(kept or content))


@functools.lru_cache(maxsize=64)
def analyzer(language):
    """The ``Analyzer`` for a language code (shared, cached)."""
    return Analyzer(language)


class Analyzer:
    """Turns text into index terms (folded stems) for one language."""

    def __init__(self, language):
        self.language = base_language(language)
        self.stemmer = _snowball(SNOWBALL_LANGUAGES.get(self.language))
        self._stems = {}

    def stem(self, word):
        """The index term of one folded word."""
        stem = self._stems.get(word)
        if stem is None:
            stem = fold(self.stemmer.stemWord(word)) if self.stemmer else word
            if len(self._stems) < 200_000:
                self._stems[word] = stem
        return stem

    def terms(self, text):
        return [self.stem(word) for word in words(text)]


def _snowball(algorithm):
    if not algorithm:
        return None
    try:
        import snowballstemmer
    except ImportError:
        return None
    try:
        return snowballstemmer.stemmer(algorithm)
    except KeyError:
        return None
