from django.db.models.signals import post_save
from django.dispatch import receiver

from . import translation_status
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
