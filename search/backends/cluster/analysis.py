"""Text analysis for the clusters, done here instead of in the node.

Every text field is indexed as two whitespace-analysed fields: ``<name>_terms``, the stems
of the project's own analyzer (Snowball, diacritics folded: ``search.text``), and
``<name>_words``, the folded words for typo-tolerant (fuzzy) matching. Queries are analysed
the same way. So a word matches on a cluster exactly when it matches on the embedded
engine, whatever analysis modules the node has: the Elasticsearch distribution on Maven
Central has no language analyzers at all, and OpenSearch's differ from Snowball's.
"""

from ...text import analyzer, words

#: The text fields, each indexed as ``_terms`` and ``_words``.
TEXT_FIELDS = ("title", "heading", "body", "text")


def analysed(language, **texts):
    """``{"<name>_terms": stems, "<name>_words": folded words}`` for each text given."""
    language_analyzer = analyzer(language)
    fields = {}
    for name, text in texts.items():
        folded = words(text)
        fields[f"{name}_terms"] = " ".join(language_analyzer.stem(word) for word in folded)
        fields[f"{name}_words"] = " ".join(folded)
    return fields


def query_terms(languages, query_words):
    """The stems of the query words in each language searched, without repeats."""
    stems = (analyzer(language).stem(word) for language in languages for word in query_words)
    return " ".join(dict.fromkeys(stem for stem in stems if stem))
