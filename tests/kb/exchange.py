"""Helpers of the translation-file tests: export, edit a file as a translator would, import."""

from lxml import etree

from kb import translation_status
from kb.exchange import importing, service
from kb.exchange.xliff import NS, SCHEMA_PATH
from kb.models import ArticlePage

X = {"x": NS}


def export_xliff(pages, language, **options):
    return service.export(list(pages), language, **options)


def parse(content):
    return etree.fromstring(content)


def target_of(root, unit_id):
    (target,) = root.xpath(f"//x:unit[@id='{unit_id}']/x:segment/x:target", namespaces=X)
    return target


def set_target(root, unit_id, text):
    """Replace a unit's translation by plain ``text`` (no inline codes) and confirm it, as a
    CAT tool does."""
    target = target_of(root, unit_id)
    for child in list(target):
        target.remove(child)
    target.text = text
    target.getparent().set("state", "translated")


def serialize(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def import_file(content, language, publish=True, filename="translation.xlf", user=None):
    plan = service.read(filename, content, language)
    importing.apply(plan, user=user, publish=publish)
    return plan


def fresh(page):
    return ArticlePage.objects.get(pk=page.pk)


def text_fields(page, language):
    """Every translated text of ``page`` in ``language``, body as its stored HTML."""
    page = fresh(page)
    body = [
        (block["type"], {k: v for k, v in block["value"].items()})
        for block in getattr(page, f"body_{language}").raw_data
    ]
    return {
        "title": getattr(page, f"title_{language}"),
        "summary": getattr(page, f"summary_{language}"),
        "seo_title": getattr(page, f"seo_title_{language}"),
        "search_description": getattr(page, f"search_description_{language}"),
        "body": body,
    }


def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def status(page, language):
    return translation_status.status_of(fresh(page), language)
