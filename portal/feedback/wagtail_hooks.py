from wagtail import hooks

from kb.models import ArticlePage

from . import views


@hooks.register("before_serve_page")
def article_votes(page, request, serve_args, serve_kwargs):
    """Votes are posted to the article's own URL: answer them instead of the page."""
    if (
        isinstance(page, ArticlePage)
        and not getattr(request, "is_preview", False)
        and request.method == "POST"
        and "helpful" in request.POST
    ):
        return views.vote(request, page)
    return None
