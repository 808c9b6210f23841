"""Result snippets: passage text, escaped, with <mark> around the words that matched."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import analyzer, content_words, word_spans

SNIPPET_MAX_CHARS = 260


def highlight(text, matches, max_chars=SNIPPET_MAX_CHARS):
    """Safe HTML of ``text`` around its first match, clipped to about ``max_chars``.

    ``matches(word)`` says whether a folded word of the text matched the query.
    """
    text = text or ""
    spans = [(start, end) for start, end, word in word_spans(text) if matches(word)]
    begin, end = _window(text, spans, max_chars)
    parts = ["…"] if begin > 0 else []
    cursor = begin
    for start, stop in spans:
        if start < begin or stop > end:
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))


def _window(text, spans, max_chars):
    if len(text) <= max_chars:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    begin = max(0, first - max_chars // 4)
    if begin:
        space = text.rfind(" ", 0, begin)
        begin = space + 1 if space > begin - 30 else begin
    end = min(len(text), begin + max_chars)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > begin + max_chars // 2 else end
    return begin, end


def matcher(query_words, languages):
    """``matches(word)`` for ``highlight``: whether a folded word of a passage is one of the
    query words or has the stem of one in any of ``languages``. Stop words are not marked,
    unless the query is only stop words."""
    query_words = set(content_words(query_words, languages))
    analyzers = [analyzer(language) for language in languages]
    stems = {a.stem(word) for a in analyzers for word in query_words}
    known = {}

    def matches(word):
        found = known.get(word)
        if found is None:
            found = known[word] = word in query_words or any(
                a.stem(word) in stems for a in analyzers
            )
        return found

    return matches
