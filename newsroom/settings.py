"""Settings for the claim desk, read from the environment.

The defaults are the production ones: DEBUG off, HTTPS-only cookies and redirects, and a
refusal to start without a real secret key. A newcomer's `make run` sets `DJANGO_DEBUG=1`
and `DJANGO_HTTPS=0`; the README lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from newsroom import logs

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}.")


def env_choice(name, default, choices):
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_list(name, default):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


def env_number(name, default):
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", False)

# Only ever used with DEBUG on; a production start with it is refused below.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django_htmx",
    "axes",
    "articles",
    "claims",
    "newsroom",
]

MIDDLEWARE = [
    # First, so that every answer, a redirect to HTTPS or an error page included, carries
    # a request id and is logged with the time it took.
    "newsroom.middleware.request_log",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An anonymous reader's page this process already rendered at the story's current
    # version is answered here, without the middleware below (it adds what they would).
    "articles.story_cache.middleware.CachedReaderPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Desk and account pages are never stored by a browser or proxy;
    # a signed-in session ends after DJANGO_SESSION_IDLE_MINUTES without a request.
    "newsroom.privacy.PrivatePagesMiddleware",
    "newsroom.privacy.IdleSessionMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Database: SQLite in the checkout unless DATABASE_URL names another one (PostgreSQL in
# production, through psycopg 3 and Django's connection pool).
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        from newsroom.database import check_connection

        options = DATABASES["default"].setdefault("OPTIONS", {})
        # A connection attempt to a server that does not answer at all (a host gone, a
        # network partition) gives up after this many seconds rather than the system's
        # minutes; a refused one (PostgreSQL restarting) fails at once anyway.
        options.setdefault("connect_timeout", 5)
        # The pool replaces persistent connections (CONN_MAX_AGE must stay 0 with it).
        options["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "10")),
            # Each connection is checked (an empty query, one round trip) as a request
            # takes it: after PostgreSQL restarted or an administrator ended its sessions,
            # a pooled connection is dead, and without the check the request using it
            # would fail. Dead ones are thrown away and others opened (newsroom/database.py).
            "check": check_connection,
            # How long a request waits for a connection; past it the database counts as
            # unreachable (a clear 503, or a reader's last page: README, Operations). Sync
            # workers never wait for each other's connection, so only an outage lasts this.
            "timeout": env_number("DATABASE_POOL_TIMEOUT", 3),
            # The pool retries a failed connection in the background with a doubling
            # delay, and while it does, requests wait for that attempt rather than making
            # their own. Giving an attempt up after 5 s (the default is 5 min) lets the next
            # request start afresh, so a connection is back within seconds of PostgreSQL,
            # not a long back-off later.
            "reconnect_timeout": 5,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {
                # WAL and IMMEDIATE transactions let the dev server's threads write
                # without "database is locked" errors.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# While the database cannot be reached, an anonymous reader is given the last page this
# process served as current at that address, if that was at most this many seconds ago
# (articles/story_cache/fallback.py); 0 turns it off.
STALE_IF_ERROR = env_number("DJANGO_STALE_IF_ERROR", 600)

CACHES = {
    # Nothing uses Django's default cache: whatever must be shared by every process
    # (sessions, sign-in failures) lives in the database. A dummy one keeps it that way,
    # rather than a per-process cache that would silently differ between workers.
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    # Rendered reader pages, keyed by the story's content version, which every request
    # reads from the database (articles.story_cache). A version's page never changes, so
    # a copy in each process is never stale and costs no query to read.
    "stories": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "stories",
        "TIMEOUT": 60 * 60 * 24,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "newsroom.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (django-axes, failures kept in the database so every process sees
# them): five wrong passwords for one account from one address lock that pair out for
# fifteen minutes; twenty from one address, whatever the accounts, lock the address out
# (newsroom.auth.LoginThrottleHandler gives each its own limit). The address is the
# client's, read from X-Forwarded-For behind a proxy (DJANGO_BEHIND_PROXY, below).
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "newsroom.auth.LoginThrottleHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/desk/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves collected, hashed files (collectstatic); the dev server, tests and
# benchmarks serve them straight from static/ without a collect step.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if WHITENOISE_USE_FINDERS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Scripts and styles come from our own origin only: no inline code, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS-only unless DJANGO_HTTPS=0 (a plain-HTTP run on localhost).
HTTPS = env_bool("DJANGO_HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading commits the domain and every subdomain to HTTPS in browsers' built-in lists,
# for months after it is withdrawn: only when the site's owner asks for it.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # check --deploy warns that the site cannot be submitted for preloading: a choice here.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Health checks come over plain HTTP from inside the container or the host (compose,
# a load balancer), never through the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Behind a reverse proxy (compose's nginx, a load balancer) that sets X-Forwarded-Proto,
# X-Forwarded-For and X-Request-ID itself, so they can be believed.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The client's address is the last one in X-Forwarded-For: the one our proxy appended
    # (nginx's $proxy_add_x_forwarded_for). Addresses a client wrote before it are ignored,
    # so nobody can pick the address they are throttled under. django-ipware (axes'
    # "ipware" extra) counts only proxies listed in the header, hence 0, and not strictly,
    # so that a client's own entries do not make the whole header unreadable.
    AXES_IPWARE_PROXY_COUNT = 0
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    IPWARE_STRICT = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie (htmx gets the token from the page, templates/desk/base.html).
CSRF_COOKIE_HTTPONLY = True
# A signed-in session ends after this long without a request (newsroom.privacy renews it
# as it is used); a shared newsroom computer left signed in does not stay so for days.
SESSION_COOKIE_AGE = int(60 * env_number("DJANGO_SESSION_IDLE_MINUTES", 480))
# Password reset by email is deliberately absent: no mail is configured, and the sign-in
# page tells people to ask an administrator (README, Signing in).

# One JSON object a line on standard error (newsroom/logs.py); `make run` asks for text.
LOGGING_CONFIG = "newsroom.logs.configure"
LOGGING = logs.configuration(
    env_choice("DJANGO_LOG_FORMAT", "json", logs.FORMATS),
    os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
)
