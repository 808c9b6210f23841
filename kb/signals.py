from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import caching, tasks, translation_status
from .models import ArticlePage, CategoryPage, HelpCenterHomePage


@receiver(post_save, sender=ArticlePage)
@receiver(post_save, sender=CategoryPage)
@receiver(post_save, sender=HelpCenterHomePage)
def record_translation_state(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if update_fields is not None:
        # Draft saves only touch bookkeeping columns; the text on the page row is unchanged.
        fields = translation_status.translated_fields(instance)
        if not any(
            name == field or name.startswith(field + "_")
            for name in update_fields
            for field in fields
        ):
            return
    translation_status.record(instance)


def _article_ids_under(page):
    return list(
        ArticlePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    )


@receiver(page_published)
@receiver(page_unpublished)
def reindex_on_publish(sender, instance, **kwargs):
    # A category's title and URL are part of its articles' passages.
    if isinstance(instance, ArticlePage | CategoryPage | HelpCenterHomePage):
        tasks.on_commit_index(_article_ids_under(instance))


@receiver(post_page_move)
def reindex_on_move(sender, instance, **kwargs):
    tasks.on_commit_index(_article_ids_under(instance))


@receiver(post_delete, sender=ArticlePage)
def reindex_on_delete(sender, instance, **kwargs):
    tasks.on_commit_index([instance.pk])


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=ArticlePage)
@receiver(post_delete, sender=CategoryPage)
@receiver(post_delete, sender=HelpCenterHomePage)
def forget_rendered_pages(sender, instance=None, **kwargs):
    """Cached fragments show other pages (breadcrumbs, related articles): any change of a
    live page makes them all unused (kb.caching)."""
    if isinstance(instance, Page):
        caching.content_changed()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_routes_of_sites(sender, **kwargs):
    """A site's root page or host decides which page a URL leads to."""
    caching.content_changed()


@receiver(page_published, sender=ArticlePage)
def update_translation_workflow(sender, instance, revision=None, **kwargs):
    from .exchange import workflow

    workflow.after_publish(instance, revision)
