"""Django settings. Every value that varies comes from zhunru.conf (environment, validated)."""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url

from zhunru import conf

try:
    CONFIG = conf.load()
except conf.ConfigError as exc:  # a clear message instead of a traceback
    sys.stderr.write(f"zhunru: 配置错误 configuration error: {exc}\n")
    raise SystemExit(2) from None

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = CONFIG.data_dir
DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
AUDIT_KEY = CONFIG.audit_key.encode()
DATA_KEY = bytes.fromhex(CONFIG.data_key)  # SM4 key of personal data at rest (zhunru.core.crypto)
ALLOWED_HOSTS = CONFIG.allowed_hosts
if not DEBUG and not ALLOWED_HOSTS:
    sys.stderr.write(
        "zhunru: 配置错误 configuration error: 生产模式下必须设置 ZHUNRU_ALLOWED_HOSTS "
        "(ZHUNRU_ALLOWED_HOSTS must be set when ZHUNRU_DEBUG=0)\n"
    )
    raise SystemExit(2)
DISTRICT_NAME = CONFIG.district_name
PUBLIC_URL = CONFIG.public_url

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
    "zhunru.core",
    "zhunru.areas",
    "zhunru.accounts",
    "zhunru.catalog",
    "zhunru.inbox",
    "zhunru.access",
    "zhunru.portal",
    "zhunru.gateway",
    "zhunru.supervision",
    "zhunru.registries",
    "zhunru.evaluation",
    "zhunru.funding",
    "zhunru.certificates",
    "zhunru.dashboard",
    "zhunru.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhunru.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhunru.accounts.middleware.SessionRefreshMiddleware",
    "zhunru.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhunru.accounts.middleware.ForcePasswordChangeMiddleware",
    "zhunru.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "zhunru.urls"
WSGI_APPLICATION = "zhunru.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhunru.web.context.navigation",
            ],
        },
    }
]

# Each server thread keeps its connection: SQLite for up to 10 minutes (opening one and running the pragmas
# cost a tenth of a small page's time), PostgreSQL for 60 s.
_db = dj_database_url.parse(
    CONFIG.database_url, conn_max_age=600 if CONFIG.database_url.startswith("sqlite") else 60
)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["zhunru.accounts.backends.UserBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "zhunru.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "zhunru.accounts.passwords.CharacterClassValidator"},
    {"NAME": "zhunru.accounts.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_MINUTES = 30

# Several app processes (zhunru serve --workers N, or several machines) share one cache only with
# ZHUNRU_CACHE_URL=db:// or redis://; locmem (the default) is per process. Sessions live in the database
# so every process sees a login and a logout at once; with Redis they are read through the cache.
CACHES = {"default": conf.cache_backend(CONFIG.cache_url)}
# Parts of busy pages kept in that cache under the version stamps of their rows (core.stamps); 0: never.
PAGE_CACHE_SECONDS = CONFIG.page_cache_seconds
# The dashboard's figures are at most this old (the page shows when they were computed); 0: never kept.
DASHBOARD_CACHE_SECONDS = CONFIG.dashboard_cache_seconds
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CONFIG.cache_url.startswith(("redis://", "rediss://"))
    else "zhunru.accounts.sessions"
)

# 30-minute idle timeout: the session expires 30 minutes after it was last saved, and a signed-in
# request saves it when that was a minute or more ago (accounts.middleware.SessionRefreshMiddleware), so
# it ends 29–30 idle minutes after the last request without a write on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_REFRESH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_SSL_REDIRECT = False if DEBUG else conf.env_bool("ZHUNRU_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a deployment decision, see docs

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # zhunru/static: app.css, app.js (not an app's static dir)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

if CONFIG.email_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG.email_host
    EMAIL_PORT = CONFIG.email_port
    EMAIL_HOST_USER = CONFIG.email_user
    EMAIL_HOST_PASSWORD = CONFIG.email_password
    EMAIL_USE_TLS = CONFIG.email_use_tls
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = CONFIG.email_from
EMAIL_TIMEOUT = 30  # a hung SMTP server must not outlive the worker's claim (inbox.services.CLAIM_TIMEOUT)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
