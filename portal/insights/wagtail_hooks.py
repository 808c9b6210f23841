from wagtail import hooks

from .admin import admin_urls, menu_item


@hooks.register("register_admin_urls")
def register_insights_urls():
    return admin_urls()


@hooks.register("register_admin_menu_item")
def register_insights_menu():
    return menu_item()
