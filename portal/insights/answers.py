"""How the direct answers above search results do: shown, voted helpful or not, followed
by a ticket. Counted from the search log itself (so within its retention), per article."""

from django.db.models import Count, Exists, OuterRef, Q

from kb.models import ArticlePage
from portal.sitesearch.models import SearchLog
from portal.support.models import Ticket


def answer_rows(period):
    """Per article an answer quoted: answers shown, helpful and not helpful votes, and
    answers the same visit sent a ticket after; most shown first."""
    searches = SearchLog.objects.filter(
        created_at__gte=period.start, created_at__lt=period.end, answer_article_id__isnull=False
    )
    if period.language:
        searches = searches.filter(language=period.language)
    ticket_after = Ticket.objects.filter(
        visit_key=OuterRef("visit_key"), created_at__gt=OuterRef("created_at")
    )
    rows = list(
        searches.annotate(ticket_after=Exists(ticket_after))
        .values("answer_article_id")
        .annotate(
            shown=Count("pk"),
            helpful=Count("pk", filter=Q(answer_feedback__helpful=True)),
            not_helpful=Count("pk", filter=Q(answer_feedback__helpful=False)),
            followed_by_ticket=Count("pk", filter=Q(ticket_after=True)),
        )
        .order_by("-shown", "answer_article_id")
    )
    titles = dict(
        ArticlePage.objects.filter(pk__in=[row["answer_article_id"] for row in rows]).values_list(
            "pk", "title"
        )
    )
    for row in rows:
        row["title"] = titles.get(row["answer_article_id"], f"#{row['answer_article_id']}")
        voted = row["helpful"] + row["not_helpful"]
        row["helpful_rate"] = row["helpful"] / voted if voted else None
        row["ticket_rate"] = row["followed_by_ticket"] / row["shown"]
    return rows


def answer_totals(rows):
    """The rows summed: one line for every article."""
    total = {
        name: sum(row[name] for row in rows)
        for name in ("shown", "helpful", "not_helpful", "followed_by_ticket")
    }
    voted = total["helpful"] + total["not_helpful"]
    total["helpful_rate"] = total["helpful"] / voted if voted else None
    total["ticket_rate"] = total["followed_by_ticket"] / total["shown"] if total["shown"] else None
    return total
