"""The demo help center as an evaluation corpus (``manage.py kb_eval --corpus demo``).

One document per article and language, in the format of the sets in shared/eval: the
article's title, and as its body the summary and each section (heading, then its text) as
paragraphs, the text the site indexes for the article.
"""

import html

from django.utils.html import strip_tags

from .loader import read_categories


def documents():
    rows = []
    for category in read_categories():
        for article in category["articles"]:
            for language, translation in article["translations"].items():
                paragraphs = [translation.get("summary", "")]
                for section in translation.get("sections", []):
                    text = html.unescape(strip_tags(section["html"])).strip()
                    paragraphs.append(f"{section['heading']}\n{text}")
                rows.append(
                    {
                        "id": article["key"],
                        "language": language,
                        "title": translation["title"],
                        "body": "\n\n".join(p for p in paragraphs if p),
                    }
                )
    return rows
