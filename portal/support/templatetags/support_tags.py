import math

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def response_time(hours):
    """24 -> "within 24 hours", 48 -> "within 2 days" (in the active language)."""
    hours = int(hours or 0)
    if (hours >= 48 and hours % 24 == 0) or hours >= 72:
        days = math.ceil(hours / 24)  # never promise more than was set
        return ngettext("within %(count)d day", "within %(count)d days", days) % {"count": days}
    return ngettext("within %(count)d hour", "within %(count)d hours", hours) % {"count": hours}
