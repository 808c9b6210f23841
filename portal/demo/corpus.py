"""The demo help center as an evaluation corpus (``manage.py kb_eval --corpus demo``).

One document per article and language, in the format of the sets in shared/eval: the
article's title, and as its body the summary and each section (heading, then its text) as
paragraphs. The documents also carry what the site indexes beside the text (its category's
title, and the summary and sections apart, each with its heading), so that
``search.evaluation.corpus_passages`` cuts them into the same passages as ``kb.indexing``.
"""

import html

from django.utils.html import strip_tags

from .loader import read_categories


def documents():
    rows = []
    for category in read_categories():
        for article in category["articles"]:
            for language, translation in article["translations"].items():
                sections = [["", translation.get("summary", "")]]
                for section in translation.get("sections", []):
                    text = html.unescape(strip_tags(section["html"])).strip()
                    sections.append([section["heading"], text])
                rows.append(
                    {
                        "id": article["key"],
                        "language": language,
                        "title": translation["title"],
                        "category": category["title"].get(language, ""),
                        "body": "\n\n".join(
                            "\n".join(part for part in section if part)
                            for section in sections
                            if section[1]
                        ),
                        "sections": sections,
                    }
                )
    return rows
