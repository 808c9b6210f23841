import json

from django import template
from django.conf import settings
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from portal.visits import i18n

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context["request"]
    return i18n.language_links(request, context.get("page"))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    request = context["request"]
    return request.build_absolute_uri(i18n.canonical_path(request, context.get("page")))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.filter
def jsonld(data):
    """Embed ``data`` as JSON-LD; <, > and & are escaped so the text cannot end the script."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag
def source_language_name():
    from django.utils.translation import get_language_info

    return get_language_info(settings.SOURCE_LANGUAGE)["name_local"]
