"""The help center as AI assistants read it: /llms.txt and Markdown copies of articles."""

import xml.etree.ElementTree as ET

from wagtail.rich_text import RichText

from tests.factories import publish
from tests.kb.test_sitemap import NS

BASE = "http://testserver"


def test_llms_txt_lists_each_languages_articles_with_their_markdown_copies(client, help_center):
    response = client.get("/llms.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# Lumen & Loom Help Center\n")
    assert "\n> The help center of an online shop" in text
    assert "## English (en)" in text and "## Deutsch (de)" in text and "## español (es)" in text
    assert (
        f"- [Returning an item]({BASE}/en/returns/returning-an-item/index.html.md): "
        "How returns work."
    ) in text
    assert f"- [Lieferzeiten]({BASE}/de/versand/lieferzeiten/index.html.md)" in text
    french = text.split("## français (fr)")[1].split("\n## ")[0]
    assert "retourner-un-article/index.html.md" in french
    assert "delivery-times" not in french and "Lieferzeiten" not in french  # not translated


def test_markdown_copy_of_an_article_in_each_of_its_languages(client, help_center):
    response = client.get("/de/ruecksendungen/artikel-zuruecksenden/index.html.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Link"] == f'<{BASE}/de/ruecksendungen/artikel-zuruecksenden/>; rel="canonical"'
    text = response.content.decode()
    assert text.startswith("# Artikel zurücksenden\n\nSo funktionieren Rücksendungen.\n")
    assert "## Wie lange kann ich zurücksenden?\n\n30 Tage ab Lieferung." in text
    assert f"Source: <{BASE}/de/ruecksendungen/artikel-zuruecksenden/>" in text


def test_no_markdown_copy_where_the_article_is_not_translated_or_not_an_article(
    client, help_center
):
    assert client.get("/de/versand/lieferzeiten/index.html.md").status_code == 200
    assert client.get("/fr/livraison/delivery-times/index.html.md").status_code == 404
    assert client.get("/en/shipping/index.html.md").status_code == 404  # a category
    assert client.get("/en/nothing-here/index.html.md").status_code == 404


def test_rich_text_becomes_markdown_with_links_and_lists(client, help_center):
    article = help_center.faq
    article.body_en = [
        (
            "section",
            {
                "heading": "How do I return?",
                "content": RichText(
                    '<p>Use <b>the label</b> from <a href="https://example.com/label">your account</a>.</p>'
                    "<ul><li>Pack it</li><li>Drop it off</li></ul>"
                ),
            },
        )
    ]
    publish(article)
    text = client.get("/en/returns/returning-an-item/index.html.md").content.decode()
    assert "Use **the label** from [your account](https://example.com/label)." in text
    assert "- Pack it\n- Drop it off" in text
    assert "<" not in text.replace("Source: <", "").replace(">\n", "")


def test_sitemap_lists_the_markdown_copies_in_their_languages(client, help_center):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = {url.find("s:loc", NS).text for url in root.findall("s:url", NS)}
    assert f"{BASE}/es/devoluciones/devolver-un-articulo/index.html.md" in locations
    assert f"{BASE}/de/versand/lieferzeiten/index.html.md" in locations
    assert not any(
        loc.endswith("delivery-times/index.html.md") and "/fr/" in loc for loc in locations
    )
    assert f"{BASE}/en/index.html.md" not in locations  # the home page has no copy
