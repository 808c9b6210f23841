from django.conf import settings


def portal(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SOURCE_LANGUAGE": settings.SOURCE_LANGUAGE,
    }
