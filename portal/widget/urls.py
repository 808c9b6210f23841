from django.urls import path

from . import contact, views

# Under /api/v1/widget/ (portal.urls).
urlpatterns = [
    path("session", views.session, name="widget_session"),
    path("search", views.search, name="widget_search"),
    path("suggested", views.suggested, name="widget_suggested"),
    path("articles/<int:article_id>", views.article, name="widget_article"),
    path("articles/<int:article_id>/vote", views.vote, name="widget_vote"),
    path("contact", contact.contact, name="widget_contact"),
    path("contact/suggestions", contact.suggestions, name="widget_contact_suggestions"),
]
