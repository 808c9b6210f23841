import xml.etree.ElementTree as ET

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_covers_every_language_with_alternates(client, help_center):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        urls[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
    base = "http://testserver"
    for path in [
        "/en/",
        "/de/",
        "/fr/",
        "/es/",
        "/de/ruecksendungen/artikel-zuruecksenden/",
        "/es/devoluciones/devolver-un-articulo/",
        "/de/versand/lieferzeiten/",
    ]:
        assert base + path in urls
    alternates = urls[base + "/fr/retours/retourner-un-article/"]
    assert alternates == {
        "en": base + "/en/returns/returning-an-item/",
        "de": base + "/de/ruecksendungen/artikel-zuruecksenden/",
        "fr": base + "/fr/retours/retourner-un-article/",
        "es": base + "/es/devoluciones/devolver-un-articulo/",
        "x-default": base + "/en/returns/returning-an-item/",
    }
    # "Delivery times" is not translated into French or Spanish: not listed in them.
    assert not any("delivery-times" in loc and ("/fr/" in loc or "/es/" in loc) for loc in urls)
    assert set(urls[base + "/de/versand/lieferzeiten/"]) == {"en", "de", "x-default"}
