"""The search page, the result-click redirect and search-as-you-type suggestions."""

import logging

from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kb.models import ArticleKind, ArticlePage, CategoryPage, HelpCenterHomePage
from portal.visits import events
from portal.visits.models import VisitEvent
from search.backends import get_engine

from . import inputs, serializers, service

logger = logging.getLogger(__name__)


def _popular_articles(limit=6):
    return ArticlePage.objects.live().public().filter(promoted=True).order_by("path")[:limit]


def searches_without_click(request):
    """How many searches this visit ran since it last opened a result."""
    count = 0
    for kind in (
        events.of_visit(request).order_by("-created_at", "-pk").values_list("kind", flat=True)
    ):
        if kind == VisitEvent.Kind.RESULT_CLICK:
            break
        count += kind == VisitEvent.Kind.SEARCH
    return count


@require_GET
@never_cache
def search_page(request):
    language = translation.get_language()
    search_request = inputs.parse(request.GET, language)
    outcome = None
    if search_request.query:
        outcome = service.run_search(request, search_request)
    hits = outcome.hits if outcome else []
    pages = 0
    if outcome and outcome.total:
        pages = min(inputs.MAX_PAGE, -(-outcome.total // search_request.size))
    context = {
        "search": search_request,
        "outcome": outcome,
        "hits": hits,
        "results": outcome.results if outcome else None,
        "page_count": pages,
        "first_position": (search_request.page - 1) * search_request.size + 1,
        "page_range": range(1, pages + 1),
        "categories": CategoryPage.objects.live().public().order_by("path"),
        "kinds": ArticleKind.choices,
        "popular_articles": _popular_articles() if outcome is not None and not hits else [],
        "home": HelpCenterHomePage.objects.live().first(),
        "struggling": outcome is not None and searches_without_click(request) >= 3,
        "answer": outcome.answer if outcome else None,
    }
    return TemplateResponse(request, "pages/search_page.html", context)


@require_POST
def answer_feedback(request, search_id):
    """ "Was this answer helpful?" on the direct answer above a search's results. JavaScript
    asks for JSON and swaps the question for the thanks in place; without it, a page says
    thanks and leads back to the results (or to support, when the answer did not help)."""
    helpful = {"yes": True, "no": False}.get(request.POST.get("helpful", ""))
    feedback = None
    if helpful is not None:
        feedback = service.record_answer_feedback(request, search_id, helpful)
    state = "thanks" if feedback and helpful else "thanks_no" if feedback else "invalid"
    status = 200 if feedback else 400
    context = {"state": state, "search": feedback.search if feedback else None}
    if "application/json" in request.headers.get("Accept", ""):
        html = render_to_string("components/answer_feedback.html", context, request=request)
        return JsonResponse({"state": state, "html": html}, status=status)
    return TemplateResponse(request, "pages/answer_feedback_page.html", context, status=status)


@require_GET
def result_click(request, search_id, article_id):
    """Records that a result was opened, then sends the shopper to the article."""
    try:
        position = max(0, min(int(request.GET.get("position", 0)), 1000))
    except ValueError:
        position = 0
    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    if article is None:
        return redirect("search")
    service.record_click(request, search_id, article_id, position)
    return redirect(article.get_url(request=request))


@require_GET
def suggest(request):
    """Search-as-you-type: a few article titles for what the shopper has typed so far."""
    language = translation.get_language()
    prefix = inputs.clean_text(request.GET.get("q", ""))[: inputs.MAX_QUERY_LENGTH]
    suggestions = []
    if len(prefix) >= 2:
        try:
            hits = get_engine().suggest(prefix, language, size=6)
        except Exception:
            logger.exception("Suggestions failed")
            hits = []
        suggestions = [serializers.suggestion_data(hit, hit.url) for hit in hits]
    response = JsonResponse({"query": prefix, "suggestions": suggestions})
    response["Cache-Control"] = "private, max-age=60"
    return response
