from django.urls import path

from . import views

# Under the language prefix (portal.urls); the JSON API is outside it.
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/suggest/", views.suggest, name="search_suggest"),
    path(
        "search/<int:search_id>/answer/",
        views.answer_feedback,
        name="search_answer_feedback",
    ),
    path(
        "search/<int:search_id>/open/<int:article_id>/",
        views.result_click,
        name="search_click",
    ),
]
