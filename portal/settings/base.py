"""Settings shared by every environment.

Every external service is chosen by one environment variable and has an embedded default,
so the portal runs on one machine with nothing but Python. See README.md, "Configuration".
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.email_config import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use true or false.")


def env_number(name, default, kind=float):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return kind(default)
    try:
        number = kind(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a {kind.__name__} of 0 or more.")
    return number


def cluster_settings(prefix, default_url, api_keys=False):
    """The options of a search-cluster engine from the ``<prefix>_…`` environment variables."""
    options = {
        "url": os.environ.get(f"{prefix}_URL", default_url),
        "username": os.environ.get(f"{prefix}_USERNAME", ""),
        "password": os.environ.get(f"{prefix}_PASSWORD", ""),
        "ca_certs": os.environ.get(f"{prefix}_CA_CERTS", ""),
        "index_prefix": os.environ.get(f"{prefix}_INDEX_PREFIX", "helpcenter"),
        "timeout": env_number(f"{prefix}_TIMEOUT", 2),
        "index_timeout": env_number(f"{prefix}_INDEX_TIMEOUT", 30),
        "shards": env_number(f"{prefix}_SHARDS", 1, int),
        "replicas": env_number(f"{prefix}_REPLICAS", 0, int),
        "fallback": env_bool(f"{prefix}_FALLBACK", True),
    }
    if api_keys:
        options["api_key"] = os.environ.get(f"{prefix}_API_KEY", "")
    return options


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    # wagtail_modeltranslation patches Wagtail's models, so it comes before them.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "portal",  # the project; keeps the history of the models before they had apps
    "kb",
    "search",
    "portal.visits",
    "portal.sitesearch",
    "portal.feedback",
    "portal.support",
    "portal.insights",
    "portal.widget",
    "portal.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.visits.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.visits.visitors.VisitorMiddleware",
    "kb.caching.CachedPageRoutes",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "theme" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:5432/name), else SQLite under var/.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured(
        "DATABASE_URL must point to PostgreSQL (postgres://…) or SQLite (sqlite:///…); "
        f"got engine {DATABASES['default']['ENGINE']!r}."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: REDIS_URL (redis://host:6379/0), else tables in the database (created by migrate).
# Either way every worker process and host shares them: rate limits count across workers,
# and a query embedded by one worker is a cache hit in the others. "search" holds query
# vectors (search/query_vectors.py): at most SEARCH_QUERY_CACHE_SIZE of them in the database
# (0 turns the cache off), each for SEARCH_QUERY_CACHE_SECONDS.
SEARCH_QUERY_CACHE_SIZE = env_number("SEARCH_QUERY_CACHE_SIZE", 20_000, int)
SEARCH_QUERY_CACHE_SECONDS = env_number("SEARCH_QUERY_CACHE_SECONDS", 7 * 24 * 3600, int)
SEARCH_QUERY_CACHE = "search" if SEARCH_QUERY_CACHE_SIZE else ""
# Each process keeps the results of its last SEARCH_RESULTS_CACHE_SIZE searches until the
# index changes (search/result_cache.py; 0 turns this off).
SEARCH_RESULTS_CACHE_SIZE = env_number("SEARCH_RESULTS_CACHE_SIZE", 1000, int)
if os.environ.get("REDIS_URL"):
    _REDIS = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    CACHES = {"default": _REDIS, "search": {**_REDIS, "KEY_PREFIX": "search"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "search": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "search_query_vectors",
            "OPTIONS": {"MAX_ENTRIES": max(SEARCH_QUERY_CACHE_SIZE, 1), "CULL_FREQUENCY": 10},
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. English is the source language every article is written in first. To add a
# language, append it here and run `python manage.py migrate` (which also adds the new
# translated columns) and `python manage.py makemessages -l xx` — see README.md.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
SOURCE_LANGUAGE = LANGUAGE_CODE
LOCALE_PATHS = [BASE_DIR / "locales"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("PORTAL_TIME_ZONE", "UTC")

MODELTRANSLATION_DEFAULT_LANGUAGE = SOURCE_LANGUAGE
# A field left empty in a language falls back to the source language; the templates say so
# visibly (see kb.translation_status.is_translated).
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": (SOURCE_LANGUAGE,)}
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "theme" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files served by WhiteNoise with far-future cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000

# Background work goes through Django's tasks framework. Development runs tasks at once;
# production stores them in the database for `manage.py db_worker` (see production.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "Lumen & Loom Help Center")
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False  # languages come from modeltranslation, not Wagtail locales

# The translation workflow (kb/exchange): the largest translation file an editor may upload,
# and machine translation by DeepL when a key is set (README, "Translation workflow").
TRANSLATION_FILE_MAX_BYTES = int(env_number("TRANSLATION_FILE_MAX_BYTES", 10 * 1024 * 1024, int))
MACHINE_TRANSLATION_PROVIDER = os.environ.get("MACHINE_TRANSLATION_PROVIDER", "deepl")
DEEPL_API_KEY = os.environ.get("DEEPL_API_KEY", "")
# Keys of DeepL API Free end in ":fx" and use the free endpoint.
DEEPL_API_URL = os.environ.get("DEEPL_API_URL") or (
    "https://api-free.deepl.com" if DEEPL_API_KEY.endswith(":fx") else "https://api.deepl.com"
)
DEEPL_TIMEOUT = env_number("DEEPL_TIMEOUT", 20)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# The help center's own search (search/README.md): engine and embedding model.
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "embedded")
SEARCH_EMBEDDER = os.environ.get("SEARCH_EMBEDDER", "e5-small")
# Threads of the e5 model per process: two (one on a one-core machine) embed a query in half
# the time; 0 leaves it to OpenMP (all cores), for bulk indexing. See search/README.md.
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
SEARCH_EMBEDDER_THREADS = int(os.environ.get("SEARCH_EMBEDDER_THREADS") or min(2, _CORES or 1))


def _tuning(name, bound, off, model_value, off_means):
    """A number setting of search's calibration: None when unset (the model's value), ``off``
    for "off", else a number in [-bound, bound]; anything else stops start-up."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return None
    if value == "off":
        return off
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if number != number or abs(number) > bound:
        raise ImproperlyConfigured(
            f"{name}={value!r}: give a number between -{bound} and {bound} (the embedding "
            f"model's own is {model_value} for e5-small), 'off' {off_means}, or nothing for "
            "the model's."
        )
    return number


# Optional generative answers (search/generative.py): a chat model behind OpenAI's chat
# completions protocol writes the answer from the retrieved passages, citing them.
ANSWER_LLM_URL = os.environ.get("ANSWER_LLM_URL", "").strip()
ANSWER_LLM_MODEL = os.environ.get("ANSWER_LLM_MODEL", "").strip()
ANSWER_LLM_API_KEY = os.environ.get("ANSWER_LLM_API_KEY", "").strip()
try:
    ANSWER_LLM_TIMEOUT = float(os.environ.get("ANSWER_LLM_TIMEOUT", "") or 8)
except ValueError as exc:
    raise ImproperlyConfigured("ANSWER_LLM_TIMEOUT must be a number of seconds, e.g. 8.") from exc
if ANSWER_LLM_URL and not ANSWER_LLM_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"ANSWER_LLM_URL={ANSWER_LLM_URL!r}: give the chat server's base URL, e.g. "
        "http://127.0.0.1:8080/v1 (its /chat/completions is called)."
    )
# The score a direct answer above the results needs (search/README.md, "Direct answers").
SEARCH_ANSWER_MIN_SCORE = _tuning(
    "SEARCH_ANSWER_MIN_SCORE", 2, float("inf"), 0.17, "for no direct answers"
)
# How far the best article must stand above the rest of its language for a search to return
# anything (search/README.md, "Relevance cut-off"): unset, the model's calibrated value.
SEARCH_MIN_RELEVANCE = _tuning(
    "SEARCH_MIN_RELEVANCE", 1, float("-inf"), 0.035, "to return every match"
)
# Options of each engine, passed to its constructor (search/README.md). The cluster engines
# read <ENGINE>_URL, _USERNAME, _PASSWORD, _API_KEY (Elasticsearch), _CA_CERTS, _INDEX_PREFIX,
# _TIMEOUT, _INDEX_TIMEOUT, _SHARDS, _REPLICAS and _FALLBACK; the embedded engine stays beside
# a cluster as its fallback.
SEARCH_ENGINES = {
    "embedded": {},
    "opensearch": cluster_settings("OPENSEARCH", "http://127.0.0.1:59200"),
    "elasticsearch": cluster_settings("ELASTICSEARCH", "http://127.0.0.1:59201", api_keys=True),
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGIN_URL = "wagtailadmin_login"

# E-mail: EMAIL_URL (smtp://user:password@host:587?tls=true) or the EMAIL_HOST… variables;
# with neither, e-mails are printed to the console. See portal/email_config.py.
globals().update(email_settings(os.environ))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "help@localhost")
SUPPORT_REPLY_TO_EMAIL = os.environ.get("SUPPORT_REPLY_TO_EMAIL", "")

# The shop's order numbers, as the contact form checks them: a regular expression whose
# groups are put into ORDER_NUMBER_FORMAT to store one canonical spelling.
ORDER_NUMBER_PATTERN = os.environ.get("ORDER_NUMBER_PATTERN", r"^LL-?(\d{6})$")
ORDER_NUMBER_FORMAT = os.environ.get("ORDER_NUMBER_FORMAT", "LL-{0}")
ORDER_NUMBER_EXAMPLE = os.environ.get("ORDER_NUMBER_EXAMPLE", "LL-204817")

# How long shoppers' data is kept (days); `python manage.py kb_purge` enforces it.
RETENTION_SEARCH_DAYS = int(os.environ.get("RETENTION_SEARCH_DAYS", "90"))
RETENTION_TICKET_DAYS = int(os.environ.get("RETENTION_TICKET_DAYS", "730"))
RETENTION_VOTER_KEY_DAYS = int(os.environ.get("RETENTION_VOTER_KEY_DAYS", "365"))

# Insights pages roll up a day again when its roll-up is older than this (seconds).
INSIGHTS_REFRESH_SECONDS = int(os.environ.get("INSIGHTS_REFRESH_SECONDS", "300"))

# Hand-off of new tickets to an outside helpdesk (JSON, signed with HMAC-SHA256).
HELPDESK_WEBHOOK_URL = os.environ.get("HELPDESK_WEBHOOK_URL", "")
HELPDESK_WEBHOOK_SECRET = os.environ.get("HELPDESK_WEBHOOK_SECRET", "")
if HELPDESK_WEBHOOK_URL and not HELPDESK_WEBHOOK_SECRET:
    raise ImproperlyConfigured(
        "HELPDESK_WEBHOOK_URL is set but HELPDESK_WEBHOOK_SECRET is not: set a shared secret "
        "so the helpdesk can verify the X-Helpdesk-Signature header."
    )

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
