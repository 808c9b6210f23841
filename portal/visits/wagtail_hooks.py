from wagtail import hooks

from kb.models import ArticlePage

from . import events
from .models import VisitEvent


@hooks.register("before_serve_page")
def record_article_view(page, request, serve_args, serve_kwargs):
    """An article read is a step of the visit (previews and vote answers are not)."""
    if (
        isinstance(page, ArticlePage)
        and not getattr(request, "is_preview", False)
        and request.method == "GET"
        and "feedback" not in request.GET
    ):
        events.record(request, VisitEvent.Kind.ARTICLE_VIEW, article_id=page.pk)
