"""Local development: DEBUG on, tasks run at once; e-mail goes to the console unless
EMAIL_URL or EMAIL_HOST is set."""

import os

from .base import *  # noqa: F403

DEBUG = True
# A development-only key; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
