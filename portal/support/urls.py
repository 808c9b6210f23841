from django.urls import path

from . import views

# Under the language prefix (portal.urls).
urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/sent/<str:reference>/", views.sent, name="contact_sent"),
    path("contact/suggestions/", views.suggestions, name="contact_suggestions"),
    path("contact/suggestion/<int:article_id>/", views.open_suggestion, name="contact_suggestion"),
]
