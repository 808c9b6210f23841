"""Translation coverage per language, from kb.translation_status (the same statuses as the
translation report). It describes the articles as they are now, whatever the period."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language_info

from kb import translation_status
from kb.models import ArticlePage
from kb.translation_status import Status


def coverage(language=""):
    """One row per target language (or just ``language``): missing, outdated, current."""
    languages = translation_status.target_languages()
    if language:
        languages = [code for code in languages if code == language]
    statuses = translation_status.statuses(ArticlePage.objects.all()).values()
    report_url = reverse("kb_translation_report")
    rows = []
    for code in languages:
        counts = {Status.MISSING: 0, Status.OUTDATED: 0, Status.CURRENT: 0}
        for by_language in statuses:
            status = by_language.get(code)
            if status in counts:
                counts[status] += 1
        total = sum(counts.values())
        rows.append(
            {
                "language": code,
                "name": get_language_info(code)["name_local"],
                "articles": total,
                "missing": counts[Status.MISSING],
                "outdated": counts[Status.OUTDATED],
                "current": counts[Status.CURRENT],
                "current_rate": counts[Status.CURRENT] / total if total else None,
                "report_url": f"{report_url}?{urlencode({'language': code})}",
                "needs_work_url": (
                    f"{report_url}?{urlencode({'language': code, 'status': 'needs_work'})}"
                ),
            }
        )
    return rows
