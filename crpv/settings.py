"""Settings for the CRPV portal.

One module for every environment: each value comes from an environment variable with a safe
default, so a fresh checkout runs on SQLite with no configuration and production says what
differs (see the table in the README).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Paths
BASE_DIR = Path(__file__).resolve().parent.parent

# Security
# The development key starts with "django-insecure-" so that `check --deploy` flags a
# production server that forgot to set its own.
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-development-key-not-for-production"
)
DEBUG = env_bool("DJANGO_DEBUG")
# Under DEBUG, the site's French 404 and 500 pages all the same (crpv/errors.py), unless asked.
TECHNICAL_ERROR_PAGES = env_bool("DJANGO_TECHNICAL_ERRORS")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS, behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
# Off by default so that development and tests run over plain HTTP.
HTTPS = env_bool("DJANGO_HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# The health check is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Security headers (Django sets nosniff, Referrer-Policy and COOP; django-csp and
# django-permissions-policy the rest). No inline script or style anywhere, the admin included.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # A nonce only on pages that ask for one (the rich-text editor's import map).
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# Sessions: only staff log in; their sessions end with the browser or after a working day.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(60 * 60 * 8)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# The site's French page instead of Django's technical one (an expired form, cookies off).
CSRF_FAILURE_VIEW = "crpv.views.csrf_failure"

# Apps
INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # The default widget templates, for FORM_RENDERER below.
    "django.forms",
    # Third party
    "axes",
    "csp",
    "django_filters",
    "django_prose_editor",
    "import_export",
    "simple_history",
    # Ours
    "crpv",
    "centres",
    "pages",
    "events",
    "news",
    "library",
    "search",
]

# Middleware
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise right after SecurityMiddleware: static files skip the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication: a cached public page skips them (see crpv/cache.py).
    # Before the CSP and Permissions-Policy too: their headers are stored with the page (public
    # pages use no CSP nonce), so a cached page does not build the policy again.
    # The agenda's pages change with the date too: a new content version once a day.
    "events.middleware.AgendaDayMiddleware",
    "crpv.cache.PublicCacheMiddleware",
    # Inside the page cache: a public page is compressed (Brotli or gzip) once, when it is
    # built, and stored in each encoding (crpv/compression.py; static files: WhiteNoise).
    "crpv.compression.CompressPublicPagesMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSP, so that the replaced page gets the same headers; removed unless DEBUG.
    "crpv.errors.DesignedErrorPagesMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before sessions and authentication: a login attempt past the limits is refused before
    # anything else is done for it, above all before its password is hashed (crpv/security.py).
    "crpv.security.LoginThrottleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the centres' and pages' history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crpv.urls"
WSGI_APPLICATION = "crpv.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # {{ site_url }}: absolute addresses never come from the Host header.
                "crpv.site.site_url",
                # {% cache public_cache_timeout … %}: fragments kept as long as the pages.
                "crpv.cache.public_cache_timeout",
            ],
        },
    },
]

# Widgets are drawn with the templates above, so that templates/admin/widgets/ can give
# Django's icon links beside related fields a text alternative.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Public page cache (crpv/cache.py): anonymous GETs of the views marked @public_page are
# stored until public content changes; every page and fragment is kept a day at most.
PUBLIC_CACHE_ENABLED = env_bool("DJANGO_PUBLIC_CACHE", True)
PUBLIC_CACHE_TIMEOUT = 60 * 60 * 24

# The site's public address: every absolute URL (canonical links, og:url, JSON-LD, sitemap,
# exports) is built from it, never from the request's Host header, which a client chooses.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://localhost:8000").rstrip("/")

# Database
# SQLite unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers write to one file (sessions, the cache table, login attempts): in WAL
    # mode readers never wait for a writer, and IMMEDIATE transactions take the write lock at
    # their start, so a writer waits up to `timeout` seconds for another instead of failing
    # at once with « database is locked » (which a deferred transaction does when it upgrades
    # its read lock, whatever the timeout). The file is read through a memory map (up to
    # 256 MB of address space, pages shared by every worker through the OS cache): a search
    # matching every document reads thousands of pages at random, one read() each without it
    # (twice the CPU time for a common word: benchmarks/README.md, « Full-text search »).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;"
        ),
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No parallel query: for a search over 10,000 documents the planner started a worker to
    # sort every entry before checking the match, 45–70 ms where one process takes 25 ms
    # (benchmarks/README.md, « Full-text search »); a web server's concurrent requests use
    # the other cores anyway. An ``options`` in the address's query string wins.
    DATABASES["default"]["OPTIONS"] = {
        "options": "-c max_parallel_workers_per_gather=0",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache
# One cache shared by every worker and every server, so that an edit shows on the next request
# whichever process answers it: Redis when REDIS_URL is set (production), otherwise Django's
# database cache, in the database every process already shares (its table is created by
# `migrate`, crpv/migrations). A local-memory cache would be one per worker: stale pages.
# Both backends answer "nothing stored" while their server fails (crpv.cache.FailSafeMixin).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TABLE = "crpv_cache"


def code_digest(base=BASE_DIR):
    """Return a short digest (12 hex characters) of the project's Python files, templates,
    style sheets and scripts under ``base`` (a Path), the same on every server that runs the
    same code.

    It prefixes every cache key: what the cache keeps (pages, navigation, cards, choices) has
    the shape the code that stored it gave it, so after a deploy the new code must not read
    the old code's entries (a navigation without the key a new template reads was a 500 until
    the next edit). The old entries then expire or are evicted. About 10 ms, once per process.
    """
    import hashlib

    digest = hashlib.blake2b(digest_size=6)
    # The project's packages (the apps, crpv), the templates and the static files' sources (a
    # stored page names their hashed copies): not .git, node_modules or the media.
    folders = [d for d in base.iterdir() if (d / "__init__.py").is_file()]
    folders += [base / "templates", base / "static"]
    for path in sorted(p for folder in folders for p in folder.rglob("*")):
        if path.suffix in (".py", ".html", ".css", ".js") and path.is_file():
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


CACHE_KEY_PREFIX = f"{os.environ.get('DJANGO_CACHE_PREFIX', 'crpv')}:{code_digest()}"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "crpv.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A hung Redis costs a quarter of a second, then is skipped (crpv/cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "crpv.cache.FailSafeDatabaseCache",
            "LOCATION": CACHE_TABLE,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Django's default of 300 entries would evict pages in turn; past this number a
            # third of the entries go, expired first.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Pages, cards and shared data are stored under keys that carry the content version, so a copy
# of them in each worker's memory can never be stale: "public" keeps such copies in front of
# the shared cache (crpv.cache.LocalCopiesCache), up to this many bytes per worker.
CACHES["public"] = {
    "BACKEND": "crpv.cache.LocalCopiesCache",
    "LOCATION": "default",
    "OPTIONS": {"MAX_BYTES": int(os.environ.get("DJANGO_LOCAL_CACHE_MB", "32")) * 1024 * 1024},
}

# Authentication
# django-axes first: it refuses a locked-out account before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# i18n
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# Corrections to a few of Django's French strings (read before Django's own catalogues).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# Static files
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and pre-compressed copies, served with far-future cache headers
    # (WhiteNoise's storage, remembering each file's address: crpv/staticfiles.py).
    "staticfiles": {"BACKEND": "crpv.staticfiles.StaticFilesStorage"},
}

# Uploaded files (the library's documents). On the local disk by default; with
# DJANGO_S3_BUCKET, in an S3-compatible object store shared by every app server
# (django-storages). Either way they are downloaded through library.views.download, which
# sets their true type and safe headers (docs/deploy.md): MEDIA_URL is never served as is.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            # Private objects: downloads go through short-lived signed addresses.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("DJANGO_S3_URL_SECONDS", "300")),
            "file_overwrite": False,
        },
    }

# Logging: everything to stdout, where the process manager collects it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own records go to the root's handler only: its default console handler
        # (under DEBUG) printed each of them a second time.
        "django": {"handlers": [], "propagate": True},
        # A wrong Host header is a bot's noise, answered with a 400: not an error to page about.
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}

# Admin
# The admin's path, without slashes; a less obvious one keeps scanners off the login page.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin").strip("/")

# Login lock-out (django-axes): after AXES_FAILURE_LIMIT failures for one account within an
# hour, from any set of addresses, that account is locked out until the hour has passed; an
# administrator can unlock it sooner by deleting its "tentatives d'accès" in the admin or with
# `manage.py axes_reset_username`. The trade-off (anyone who knows a user name can lock its
# owner out) is in docs/deploy.md. Guessing from one address is capped before that, per
# address, by LoginThrottleMiddleware below.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# django-axes warns when its lock-out ignores the address: here the address is capped before
# axes, by LoginThrottleMiddleware, for every attempt (not only failures).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "crpv.security.client_ip"
AXES_VERBOSE = False

# Login attempts (crpv.security.LoginThrottleMiddleware): every POST to the login counts against
# its client address and its account name, in the shared cache, before its password is hashed
# (about a second of CPU each); past a limit, 429 until the end of the window. A successful
# login gives its attempt back.
LOGIN_ATTEMPTS_PER_ADDRESS = int(os.environ.get("DJANGO_LOGIN_ATTEMPTS_PER_ADDRESS", "10"))
LOGIN_ATTEMPTS_PER_ACCOUNT = int(os.environ.get("DJANGO_LOGIN_ATTEMPTS_PER_ACCOUNT", "10"))
LOGIN_ATTEMPTS_WINDOW = int(os.environ.get("DJANGO_LOGIN_ATTEMPTS_WINDOW", "900"))  # seconds
# The number of reverse proxies in front of the app server, each appending the address it saw
# to X-Forwarded-For (docs/deploy.md): the client's address is read that many entries from the
# right. 0 (no proxy): the header is ignored, since any client can write it.
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
# After the login, a missing or refused ?next= (another site) leads to the admin's index.
LOGIN_REDIRECT_URL = "admin:index"

# import-export
# The admin's import and export screens need their own permissions, centres.import_centre
# and centres.export_centre (declared on Centre), on top of the right to edit centres.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
# Every centre an import creates or changes gets an entry in the admin's history (and a
# version in django-simple-history's, see crpv/spreadsheets/importer.py).
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The file waiting between the preview and the confirmation is kept in the database, which
# every app server shares: the confirmation may reach another server than the preview.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "crpv.spreadsheets.pending.DatabaseStorage"
