"""The help center as AI assistants and crawlers read it: ``/llms.txt`` (the llmstxt.org
convention: the site, then per language a linked list of its articles) and a Markdown copy
of every article in every language it is translated into, at ``<article URL>index.html.md``
(the convention's name for the copy of a page without a file name). A language an article
is not translated into has no copy, as the article page shows the translation note there.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import translation
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from markdownify import markdownify
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from .models import ArticlePage, CategoryPage

MARKDOWN_NAME = "index.html.md"
MARKDOWN_TYPE = "text/markdown; charset=utf-8"


def markdown_url(page, language):
    """The path of the Markdown copy of ``page`` in ``language``."""
    with translation.override(language):
        return f"{page.get_url()}{MARKDOWN_NAME}"


def article_markdown(page, request=None):
    """The article in the active language as Markdown: title, summary, then each section
    (its heading, its rich text with links and lists kept) and notices."""
    lines = [f"# {_line(page.title)}", "", _line(page.summary), ""]
    for block in page.body or ():
        if block.block_type == "section":
            lines += [f"## {_line(block.value['heading'])}", ""]
            lines += [_rich_text(block.value["content"].source, request), ""]
        elif block.block_type == "notice":
            text = _rich_text(block.value["text"].source, request)
            lines += ["> " + line if line else ">" for line in text.splitlines()]
            lines.append("")
    url = request.build_absolute_uri(page.get_url(request)) if request else page.get_full_url()
    lines += ["---", "", f"Source: <{url}>" if url else "", ""]
    return "\n".join(lines).rstrip() + "\n"


def _line(text):
    return " ".join((text or "").split())


def _rich_text(source, request):
    html = expand_db_html(source or "")
    if request is not None:
        # Links to other pages as full URLs: the copy is read outside the site.
        html = html.replace('href="/', f'href="{request.scheme}://{request.get_host()}/')
    return markdownify(html, heading_style="ATX", bullets="-").strip()


def _articles(language):
    """Live public articles translated into ``language``, by category."""
    grouped = []
    for category in CategoryPage.objects.live().public().order_by("path"):
        articles = [
            page
            for page in ArticlePage.objects.child_of(category).live().public().order_by("path")
            if page.is_translated(language)
        ]
        if articles:
            grouped.append((category, articles))
    return grouped


@require_GET
@cache_page(600)
def llms_txt(request):
    name = settings.WAGTAIL_SITE_NAME  # as every page of the site names it
    base = f"{request.scheme}://{request.get_host()}"
    lines = [
        f"# {name}",
        "",
        "> The help center of an online shop: orders, delivery, returns, payment and "
        "accounts, in every language the shop speaks. Each link is a Markdown copy of an "
        "article; the same path without index.html.md is the page shoppers read.",
        "",
    ]
    for code, _name in settings.LANGUAGES:
        grouped = _articles(code)
        if not grouped:
            continue
        info = translation.get_language_info(code)
        lines += [f"## {info['name_local']} ({code})", ""]
        with translation.override(code):
            for category, articles in grouped:
                lines += [f"### {_line(category.title)}", ""]
                lines += [
                    f"- [{_line(page.title)}]({base}{markdown_url(page, code)}): "
                    f"{_line(page.summary)}"
                    for page in articles
                ]
                lines.append("")
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def article_markdown_view(request, page_path=""):
    """The Markdown copy of the article at ``page_path`` in the active language."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [part for part in page_path.split("/") if part]
    page = site.root_page.specific.route(request, components).page.specific
    if not isinstance(page, ArticlePage) or not page.live or page.get_view_restrictions():
        raise Http404
    if not page.is_translated(translation.get_language()):
        raise Http404("This article is not translated into this language.")
    response = HttpResponse(article_markdown(page, request), content_type=MARKDOWN_TYPE)
    # The page shoppers read is the one to show in search engines' results.
    response["Link"] = f'<{request.build_absolute_uri(page.get_url(request))}>; rel="canonical"'
    return response
