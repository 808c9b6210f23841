"""The two roles the help center ships with.

- Editors write, translate and publish help-center pages, manage images and documents, and
  edit the glossaries of machine translation.
- Support leads read: they reach the admin, the translation reports (and, as they arrive,
  insights and tickets) but cannot change content.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

EDITORS = "Editors"
SUPPORT_LEADS = "Support leads"

EDITOR_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
SHARED_PERMISSIONS = [("wagtailadmin", "access_admin"), ("kb", "view_articlepage")]
# The glossaries machine translation uses (Settings → Glossaries).
EDITOR_PERMISSIONS = [
    ("kb", f"{action}_glossary") for action in ("add", "change", "delete", "view")
]
SUPPORT_LEAD_PERMISSIONS = [
    *SHARED_PERMISSIONS,
    ("support", "view_ticket"),
    ("support", "change_ticket"),
    ("support", "change_supportsettings"),
    ("support", "view_delivery"),
    ("insights", "view_insights"),
]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_groups():
    root = Page.get_first_root_node()
    collection = Collection.get_first_root_node()

    editors, _created = Group.objects.get_or_create(name=EDITORS)
    for app_label, codename in [*SHARED_PERMISSIONS, *EDITOR_PERMISSIONS]:
        editors.permissions.add(_permission(app_label, codename))
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root, permission=_permission("wagtailcore", f"{codename}_page")
        )
    for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=collection, permission=_permission(app_label, codename)
        )

    leads, _created = Group.objects.get_or_create(name=SUPPORT_LEADS)
    for app_label, codename in SUPPORT_LEAD_PERMISSIONS:
        leads.permissions.add(_permission(app_label, codename))
    return editors, leads
