from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import get_language
from wagtail import hooks

from kb.models import ArticlePage
from portal import feedback, visits
from portal.admin_deliveries import DeliveryViewSet
from portal.admin_tickets import TicketViewSet
from portal.insights.admin import admin_urls as insights_admin_urls
from portal.insights.admin import menu_item as insights_menu_item
from portal.models import VisitEvent
from portal.templatetags.feedback_tags import feedback_section


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _respond(page, request, state, status=200):
    request.feedback_state = state
    if _wants_json(request):
        context = feedback_section({"request": request}, page)
        html = render_to_string("components/feedback.html", context, request=request)
        return JsonResponse({"state": state, "html": html}, status=status)
    if status == 200:
        return redirect(f"{page.get_url(request=request)}?feedback={state}#feedback")
    response = page.serve(request)
    response.status_code = status
    return response


def handle_vote(page, request):
    if not feedback.allowed(request):
        return _respond(page, request, "limited", status=429)
    form = feedback.VoteForm(request.POST)
    if not form.is_valid():
        request.feedback_form = form
        return _respond(page, request, "why", status=400)
    data = form.cleaned_data
    feedback.save_vote(
        request, page, get_language(), data["helpful"], data["reason"], data["comment"]
    )
    if data["helpful"]:
        return _respond(page, request, "thanks")
    if data["reason"] or data["comment"].strip():
        return _respond(page, request, "thanks_no")
    return _respond(page, request, "why")


@hooks.register("before_serve_page")
def article_votes_and_views(page, request, serve_args, serve_kwargs):
    if not isinstance(page, ArticlePage) or getattr(request, "is_preview", False):
        return None
    if request.method == "POST" and "helpful" in request.POST:
        return handle_vote(page, request)
    if request.method == "GET" and "feedback" not in request.GET:
        visits.record(request, VisitEvent.Kind.ARTICLE_VIEW, article_id=page.pk)
    return None


@hooks.register("register_admin_viewset")
def register_tickets():
    return TicketViewSet("tickets")


@hooks.register("register_admin_viewset")
def register_delivery_log():
    return DeliveryViewSet()


@hooks.register("register_admin_urls")
def register_insights_urls():
    return insights_admin_urls()


@hooks.register("register_admin_menu_item")
def register_insights_menu():
    return insights_menu_item()
