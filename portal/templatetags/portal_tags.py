import json
import math

from django import template
from django.conf import settings
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from portal import i18n

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


@register.filter
def response_time(hours):
    """24 -> "within 24 hours", 48 -> "within 2 days" (in the active language)."""
    from django.utils.translation import ngettext

    hours = int(hours or 0)
    if (hours >= 48 and hours % 24 == 0) or hours >= 72:
        days = math.ceil(hours / 24)  # never promise more than was set
        return ngettext("within %(count)d day", "within %(count)d days", days) % {"count": days}
    return ngettext("within %(count)d hour", "within %(count)d hours", hours) % {"count": hours}
