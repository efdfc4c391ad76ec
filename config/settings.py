"""Settings for Triage, read from environment variables only.

Safe by default: DEBUG is off unless DEBUG=1, and then a SECRET_KEY is required.
Every variable is listed in the README.
"""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "The SECRET_KEY environment variable is required when DEBUG is off. "
            "Set SECRET_KEY to 50 random characters, or DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "ninja",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "triage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "triage.middleware.PrivateCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "triage.middleware.UploadSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says @login_not_required (htmx: a full-page
    # redirect to the login).
    "triage.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "triage.middleware.AccountPageStatusMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "triage.middleware.OwnerSettingsMiddleware",
    "triage.middleware.EmailRequiredMiddleware",
    "triage.middleware.GoneMeanwhileMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Database sessions that bring their owner along: one query per request (triage.sessions).
SESSION_ENGINE = "triage.sessions"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "triage.context_processors.running_timer",
                "triage.context_processors.email_status",
            ],
        },
    },
]

FORM_RENDERER = "triage.forms_renderer.TriageFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that needs no round trip (triage/postgresql).
    DATABASES["default"]["ENGINE"] = "triage.postgresql"
    # Parameters bound by the server, so psycopg can prepare a statement once it has run a
    # few times on a connection: PostgreSQL then skips parsing and planning it (a page's
    # statements repeat on every request). 0 turns preparing off, for a pooler that cannot
    # keep prepared statements (PgBouncer in transaction mode before 1.21).
    _prepare_threshold = env_int("DB_PREPARE_THRESHOLD", 5)
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": _prepare_threshold if _prepare_threshold > 0 else None,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing with "database is locked": every transaction takes
    # the write lock when it begins (no deadlocked lock upgrade), waits up to 20 s for it,
    # and WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Requests a minute one API token may make ("120/m"); over it, 429 with Retry-After.
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "120/m")
if not re.fullmatch(r"[1-9][0-9]*/[smhd][a-z]*", API_RATE_LIMIT):
    # Said at start-up: ninja would read it at the first API request and answer 500s.
    raise ImproperlyConfigured(
        f"API_RATE_LIMIT must be requests/period, like 120/m (s, m, h or d), not {API_RATE_LIMIT!r}"
    )

# What allauth's limits count lives in the cache: its login and mail limits, its one-use
# check of two-factor codes (the API's per-token limit counts in the token's row). In the
# database, so every worker and every host behind a balancer counts together: a per-process
# cache doubled each limit with two workers and let a code be used twice, a file cache did
# the same across hosts. Its table is made by migration 0015.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "triage_cache",
        # Past this many counts the cache forgets a third of them (expired ones first):
        # Django's 300 would let a burst from many addresses reset everyone's limits.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

# The largest CSV file /import/ accepts; bigger uploads are refused before they are read.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: 5 failed logins for one account from one address lock them out for
# 15 minutes (a 429 page that says so); a successful login clears the count. One mechanism,
# django-axes, for passwords and second-factor codes alike: allauth's own login limit is
# off (ACCOUNT_RATE_LIMITS below), and a wrong code counts as a failed login (triage.auth).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "triage.auth.OwnerBackend",
]
# A login by email and one by username count against the same account.
AXES_USERNAME_CALLABLE = "triage.auth.login_name"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a TLS proxy or load balancer: its addresses (IPs or networks, comma-separated).
# Only requests from these have their X-Forwarded-For believed, so two clients behind the
# proxy are locked out separately and a forged header from outside changes nothing.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES holds “{_proxy}”, which is not an IP address or network."
        ) from None
AXES_CLIENT_IP_CALLABLE = "triage.client_ip.client_ip"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Accounts (django-allauth): sign up with an email, verified by a link; an unverified owner
# may use the app (a banner asks them to verify). Log in with username or email.
ACCOUNT_ADAPTER = "triage.auth.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True  # one address per owner; a new one replaces it once verified
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_REDIRECT_URL = "welcome"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Triage: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("SECURE_HTTPS", not DEBUG) else "http"
VERIFICATION_MAIL_EVERY_MINUTES = 3  # at most one verification mail to an address so often
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,  # django-axes does the login lock-out
    "confirm_email": f"1/{VERIFICATION_MAIL_EVERY_MINUTES}m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Triage"
MFA_FORMS = {"authenticate": "triage.auth.CodeAuthenticateForm"}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed files from collectstatic in production; plain files in development
# and tests, which serve them straight from the finders without a collectstatic.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STATIC_ROOT = BASE_DIR / "staticfiles" if STATIC_MANIFEST else None

# Uploads (CSV import) are capped; larger requests are refused before they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Mail (verification, password resets, weekly reviews) is printed to the console unless
# EMAIL_BACKEND says otherwise.
_EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_SMTP_OPTIONS = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": env_str("EMAIL_HOST_USER"),
    "password": env_str("EMAIL_HOST_PASSWORD"),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
}
# The console default lets a fresh deployment run before SMTP is set up (reset links then
# appear in the logs); the deploy check's warning about it is silenced only in that case.
SILENCED_SYSTEM_CHECKS = [] if "EMAIL_BACKEND" in os.environ else ["mail.E001"]
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
# Where links in emails point (the weekly review's dashboard and unsubscribe links).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Triage <triage@localhost>")

# HTTPS everywhere unless DEBUG; a proxy that terminates TLS sets X-Forwarded-Proto.
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_HTTPS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict CSP: only our own files, scripts need the per-request nonce, nothing inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],  # a nonce for <style> (the offline page); no style=""
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
