"""Rich text (Wagtail's stored HTML) split into translatable segments and put back together.

Each block element (a paragraph, a list item, a heading, a quote) is one segment; the tags
around and between them (``<ul>``, embedded images) are the skeleton that stays as it is.
Inside a segment, every tag becomes an inline code: a pair of tags (``<b>…</b>``,
``<a href="…">…</a>``) is a ``<pc>``, a lone tag (``<br/>``) a ``<ph>``. The original tags are
kept with the English segment, so a translation can move a code but never change its HTML.
"""

import html
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from lxml import etree

TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}
VOID_TAGS = {"br", "img", "embed", "hr", "wbr"}


class InlineCodeError(ValueError):
    """A translation's inline codes do not match its source's."""


@dataclass(frozen=True)
class Inline:
    """One segment: its inline markup, the HTML behind each code, and its original HTML."""

    markup: str
    codes: dict = field(default_factory=dict, hash=False, compare=False)
    html: str = field(default="", compare=False)

    @classmethod
    def plain(cls, text):
        return cls(markup=escape(text), codes={}, html=text)

    @property
    def text(self):
        """The words without codes, e.g. for a preview."""
        return plain_text(self.markup)

    def code_ids(self):
        return sorted(self.codes, key=int)


@dataclass
class RichTextParts:
    """``skeleton`` holds literal HTML and ``None`` where each segment goes, in order."""

    skeleton: list
    segments: list

    def join(self, segment_html):
        pieces, slots = [], iter(segment_html)
        for part in self.skeleton:
            pieces.append(next(slots) if part is None else part)
        return "".join(pieces)


def _tag(token):
    """(name, kind) of a tag token, kind one of "start", "end", "void"; None for text."""
    match = TAG_NAME.match(token)
    if not match:
        return None
    closing, name = match.group(1), match.group(2).lower()
    if closing:
        return name, "end"
    if name in VOID_TAGS or token.rstrip(">").rstrip().endswith("/"):
        return name, "void"
    return name, "start"


def _tokens(source):
    return [token for token in TAG.split(source or "") if token]


def split(source):
    """Split rich-text HTML into a skeleton and its segments."""
    tokens = _tokens(source)
    skeleton, segments = [], []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        tag = _tag(token) if token.startswith("<") else None
        if tag and tag[1] == "start" and tag[0] in BLOCK_TAGS:
            end = _matching_end(tokens, index, tag[0])
            inner = tokens[index + 1 : end]
            skeleton.append(token)
            if any(not t.startswith("<") and t.strip() for t in inner):
                skeleton.append(None)
                segments.append(inline(inner))
            else:
                skeleton.extend(inner)
            if end < len(tokens):
                skeleton.append(tokens[end])
            index = end + 1
            continue
        if tag is None and token.strip():
            # Text outside any block element: a segment of its own, up to the next block.
            end = index
            while end < len(tokens) and not _starts_block(tokens[end]):
                end += 1
            skeleton.append(None)
            segments.append(inline(tokens[index:end]))
            index = end
            continue
        skeleton.append(token)
        index += 1
    return RichTextParts(skeleton=skeleton, segments=segments)


def _starts_block(token):
    tag = _tag(token) if token.startswith("<") else None
    return bool(tag and tag[0] in BLOCK_TAGS | {"ul", "ol"})


def _matching_end(tokens, start, name):
    depth = 0
    for index in range(start, len(tokens)):
        tag = _tag(tokens[index]) if tokens[index].startswith("<") else None
        if not tag or tag[0] != name:
            continue
        if tag[1] == "start":
            depth += 1
        elif tag[1] == "end":
            depth -= 1
            if depth == 0:
                return index
    return len(tokens)


def inline(tokens):
    """The inline markup of a segment's HTML tokens."""
    pairs, stack = {}, []
    for index, token in enumerate(tokens):
        tag = _tag(token) if token.startswith("<") else None
        if not tag:
            continue
        name, kind = tag
        if kind == "start":
            stack.append((name, index))
        elif kind == "end" and stack and stack[-1][0] == name:
            _name, opened = stack.pop()
            pairs[opened] = index
    closers = set(pairs.values())

    markup, codes, counter = [], {}, 0
    for index, token in enumerate(tokens):
        if not token.startswith("<") or not _tag(token):
            markup.append(escape(html.unescape(token)))
            continue
        if index in closers:
            markup.append("</pc>")
            continue
        counter += 1
        code = str(counter)
        if index in pairs:
            codes[code] = (token, tokens[pairs[index]])
            markup.append(f'<pc id="{code}">')
        else:
            codes[code] = (token, None)
            markup.append(f'<ph id="{code}"/>')
    return Inline(markup="".join(markup), codes=codes, html="".join(tokens))


def parse_markup(markup):
    """The inline markup as an element ``<m>`` (no namespace); InlineCodeError if malformed."""
    try:
        return etree.fromstring(f"<m>{markup}</m>", etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as error:
        raise InlineCodeError(f"the inline markup is not well-formed ({error.msg})") from None


def plain_text(markup):
    return "".join(parse_markup(markup).itertext())


def markup_of_element(element):
    """Inline markup of an XLIFF ``<source>``/``<target>`` element: text with its ``pc`` and
    ``ph`` codes, namespaces and data references removed."""
    parts = [escape(element.text or "")]
    for child in element:
        parts.append(_child_markup(child))
        parts.append(escape(child.tail or ""))
    return "".join(parts)


def _child_markup(child):
    name = etree.QName(child).localname if isinstance(child.tag, str) else None
    if name is None:  # a comment or processing instruction
        return ""
    code = child.get("id", "")
    if name == "ph":
        return f'<ph id="{escape(code, {chr(34): "&quot;"})}"/>'
    if name == "pc":
        inner = markup_of_element(child)
        return f'<pc id="{escape(code, {chr(34): "&quot;"})}">{inner}</pc>'
    if name == "mrk":
        # An annotation a CAT tool added (a term, a comment): its text is the translation.
        return markup_of_element(child)
    if name in ("sm", "em"):
        return ""  # the ends of an annotation that spans codes; nothing of the text
    raise InlineCodeError(
        f"<{name}> is not an inline code this file can hold (only <pc> and <ph> from the export)"
    )


def to_html(markup, codes):
    """HTML of a translated segment, with the source's tags put back for its codes."""
    root = parse_markup(markup)
    seen = []
    pieces = [html.escape(root.text or "", quote=False)]
    for child in root:
        pieces.append(_child_html(child, codes, seen))
        pieces.append(html.escape(child.tail or "", quote=False))
    missing = [code for code in codes if code not in seen]
    if missing:
        raise InlineCodeError(
            "inline code"
            + ("s " if len(missing) > 1 else " ")
            + ", ".join(sorted(missing, key=_code_order))
            + " of the source "
            + ("are" if len(missing) > 1 else "is")
            + " missing"
        )
    return "".join(pieces)


def _code_order(code):
    return (0, int(code)) if code.isdigit() else (1, code)


def _child_html(child, codes, seen):
    if not isinstance(child.tag, str):
        return ""
    name, code = child.tag, child.get("id", "")
    if name not in ("pc", "ph"):
        raise InlineCodeError(f"<{name}> is not an inline code")
    if code not in codes:
        raise InlineCodeError(f"inline code {code or '(without id)'} is not in the source")
    if code in seen:
        raise InlineCodeError(f"inline code {code} appears twice")
    seen.append(code)
    start, end = codes[code]
    if (name == "pc") != (end is not None):
        expected = "a pair (<pc>)" if end is not None else "a single code (<ph>)"
        raise InlineCodeError(f"inline code {code} must be {expected}, as in the source")
    if name == "ph":
        return start
    inner = [html.escape(child.text or "", quote=False)]
    for grandchild in child:
        inner.append(_child_html(grandchild, codes, seen))
        inner.append(html.escape(grandchild.tail or "", quote=False))
    return start + "".join(inner) + end
