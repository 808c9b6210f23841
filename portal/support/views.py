"""Contact support: a form that knows what the shopper already tried, suggests articles
while they type, and creates a ticket that is stored before anything is sent."""

import logging

from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kb.models import ArticlePage
from portal.sitesearch import inputs, serializers
from portal.sitesearch.service import answer_for
from portal.visits import events, visitors
from portal.visits.models import VisitEvent
from search.backends import get_engine

from . import timeline
from .forms import ContactForm, new_token
from .models import Ticket, Topic
from .services import TooManyTickets, submit_ticket

logger = logging.getLogger(__name__)

ENTRY_SOURCES = {"search", "vote", "footer", "no_results"}  # where a contact started


def article_from(value):
    """The live article a contact request is about, from its id as sent, or None."""
    if value and str(value).isdigit():
        return ArticlePage.objects.live().public().filter(pk=int(value)).first()
    return None


def _article(request):
    return article_from(request.GET.get("article") or request.POST.get("article"))


def too_many_message():
    return _(
        "You have sent several requests in a short time. Please wait a few minutes "
        "and send this one again: we kept what you wrote."
    )


# What the form shows the shopper of their visit (the ticket keeps every step).
SHOWN_STEPS = {
    VisitEvent.Kind.SEARCH,
    VisitEvent.Kind.ARTICLE_VIEW,
    VisitEvent.Kind.VOTE,
}


def _context(request, form, article):
    steps = events.of_visit(request).filter(kind__in=SHOWN_STEPS)
    return {
        "form": form,
        "article": article,
        "visit_timeline": timeline.build(steps),
    }


def article_topic(article):
    """The topic an article's category stands for (its icon names it), or ""."""
    if article is None:
        return ""
    icon = getattr(article.get_parent().specific, "icon", "")
    return icon if icon in Topic.values else ""


def _initial(article):
    initial = {"token": new_token(), "include_context": True}
    if article_topic(article):
        initial["topic"] = article_topic(article)  # preselected
    return initial


@require_http_methods(["GET", "POST"])
def contact(request):
    article = _article(request)
    if request.method == "GET":
        events.record(
            request,
            VisitEvent.Kind.CONTACT_VIEW,
            article_id=article.pk if article else None,
            data={
                "from": request.GET.get("from") if request.GET.get("from") in ENTRY_SOURCES else ""
            },
        )
        form = ContactForm(initial=_initial(article))
        return TemplateResponse(
            request, "pages/contact_page.html", _context(request, form, article)
        )

    form = ContactForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, article)
    try:
        ticket = submit_ticket(
            request,
            form.cleaned_data,
            article,
            entry_page=request.POST.get("entry_page") or "",
        )
    except TooManyTickets:
        form.add_error(None, too_many_message())
        return _invalid(request, form, article, status=429)
    return redirect("contact_sent", reference=ticket.reference)


def _invalid(request, form, article, status=400):
    """Show the errors with everything the shopper wrote, and a fresh form token."""
    form.data = form.data.copy()
    form.data["token"] = new_token()
    return TemplateResponse(
        request, "pages/contact_page.html", _context(request, form, article), status=status
    )


@require_GET
def sent(request, reference):
    ticket = Ticket.objects.filter(reference=reference).first()
    # Only the visit that sent it sees the confirmation; the reference alone reveals nothing.
    if ticket is None or ticket.visit_key != visitors.visit_key(request):
        raise Http404
    return TemplateResponse(request, "pages/contact_sent_page.html", {"ticket": ticket})


def suggested_hits(request, raw):
    """(up to three article hits, the direct answer or None) for what the shopper is
    writing (``raw``); the hits are recorded as shown to the visit: opening one after that
    may be a deflected contact."""
    text = inputs.clean_text(raw)[: inputs.MAX_QUERY_LENGTH]
    if len(text) < 8:
        return [], None
    answer = None
    try:
        engine = get_engine()
        results = engine.search(text, get_language(), size=3)
        hits = list(results.hits)[:3]
        answer = answer_for(engine, text, get_language(), results)
    except Exception:
        logger.exception("Contact-form suggestions failed")
        hits = []
    hits = [hit for hit in hits if serializers.article_id(hit) is not None]
    if hits:
        events.record(
            request,
            VisitEvent.Kind.SUGGESTION_SHOWN,
            data={"article_ids": serializers.article_ids(hits)},
        )
    return hits, answer


@require_GET
def suggestions(request):
    """Up to three articles for what the shopper is writing ("Does one of these answer it?")."""
    hits, answer = suggested_hits(request, request.GET.get("q", ""))
    return JsonResponse(
        {
            "suggestions": [
                serializers.hit_data(
                    hit, reverse("contact_suggestion", args=[serializers.article_id(hit)])
                )
                for hit in hits
            ],
            "answer": serializers.answer_data(answer, answer and answer.link),
        }
    )


@require_GET
def open_suggestion(request, article_id):
    """Records that a suggested article was opened (a possible deflection) and shows it."""
    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    if article is None:
        raise Http404
    events.record(request, VisitEvent.Kind.SUGGESTION_OPENED, article_id=article.pk)
    return redirect(article.get_url(request=request))
