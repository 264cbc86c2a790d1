"""Settings for baodi_care: one module, driven by environment variables.

Development: `make run` sets DJANGO_DEBUG=1. Production: set DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL and the e-mail variables (see README); with debug off the HTTPS settings are on unless DJANGO_HTTPS=0.
"""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "baodi_care.accounts",
    "institutions",
    "supervision",
    "baodi_care.home",
    # Background jobs (Celery): their progress and result files (baodi_care/jobs/).
    "baodi_care.jobs",
    # django.contrib.admin, its site requiring the second factor (accounts/second_factor/admin_site.py).
    "baodi_care.accounts.second_factor.admin_site.VerifiedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes are accounts.RecoveryCodeDevice (kept hashed), not django-otp's otp_static (kept in plaintext).
    # PostgreSQL triggers that keep the audit rows append-only, declared in model Meta and kept in migrations
    "pgtrigger",
]

MIDDLEWARE = [
    # First and last: django-prometheus times and counts every request and response in between.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # no-store for signed-in users and every file; Permissions-Policy (baodi_care/middleware.py). After whitenoise,
    # so static files stay cacheable.
    "baodi_care.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baodi_care.middleware.ChineseUnlessAskedMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Django's LoginRequiredMiddleware, answering htmx with a client redirect (baodi_care/accounts/redirects.py).
    "baodi_care.accounts.redirects.LoginRequiredMiddleware",
    # Staff pass a second factor before any page (baodi_care/accounts/second_factor/middleware.py).
    "baodi_care.accounts.second_factor.middleware.SecondFactorMiddleware",
    # The security log: the request made current for it, views' 404s logged, the auditor kept out of the admin.
    "baodi_care.accounts.security_log.middleware.SecurityLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The 12-hour limit since sign-in, and sessions ended from the profile (baodi_care/accounts/sessions.py).
    "baodi_care.accounts.sessions.SessionLimitsMiddleware",
    # A password older than PASSWORD_MAX_AGE_DAYS is changed first (baodi_care/accounts/passwords.py; off by default).
    "baodi_care.accounts.passwords.PasswordAgeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last but for the metrics (which change no response), as django-axes requires.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "baodi_care.urls"
WSGI_APPLICATION = "baodi_care.wsgi.application"

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
                "baodi_care.accounts.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -----------------------------------------------------------------------
# Redis (django-redis), e.g. redis://127.0.0.1:6379/0, for the cache, the sessions and the rate limits' counts
# (baodi_care/accounts/ratelimit.py), shared by every app process and host. Unset: each process keeps its own
# cache in memory (LocMemCache), sessions stay in the database, and the limits count per process (one process only).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Every key starts with this, so the portal can share a Redis database with other programs.
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "baodi_care"),
            "OPTIONS": {
                # Seconds to connect and to wait for an answer: a stalled Redis fails a request fast, it does not
                # hold a gunicorn worker until its timeout. The district's choice, with a safe default.
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT_SECONDS", "2")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT_SECONDS", "2")),
            },
        }
    }
    # Sessions in the cache only (no database write per request; SESSION_SAVE_EVERY_REQUEST saves each one). The
    # profile's list of sessions and ending them work from UserSession rows and SessionStore(key).delete()
    # (baodi_care/accounts/sessions.py), never from the session table, so they need no copy in the database.
    # Redis must not evict them to make room: give it the memory, or maxmemory-policy noeviction.
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# Unset: Django's defaults, LocMemCache and database sessions (django.contrib.sessions.backends.db).

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Growing delays per (user name, address) before axes' lock (baodi_care/accounts/signin.py).
    "baodi_care.accounts.signin.SigninThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # No user name, phone number or the words of PASSWORD_FORBIDDEN_WORDS (baodi_care/accounts/validators.py).
    {"NAME": "baodi_care.accounts.validators.LocalWordsValidator"},
]
# Breached passwords (ASVS 5.0 6.2.12): the path of a local, sorted list of SHA-1 hashes (HaveIBeenPwned's
# downloadable list, ordered by hash: "HASH" or "HASH:count" a line). Unset: no such check (the portal has no
# internet access to ask an outside service). A password on the list is refused (accounts/validators.py).
PASSWORD_BREACHED_LIST = os.environ.get("PASSWORD_BREACHED_LIST", "").strip()
if PASSWORD_BREACHED_LIST:
    AUTH_PASSWORD_VALIDATORS.append({"NAME": "baodi_care.accounts.validators.BreachedPasswordValidator"})
# Days a password may be used before its user must change it; 0 (the default): never. GB/T 22239-2019 8.1.4.1 a asks
# for 定期更换 without a period, and ASVS 5.0 6.2.10 says not to force it; the district's choice (README).
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "0"))
# Words no password may contain (ignoring case): the ones anybody guessing a password here tries first.
PASSWORD_FORBIDDEN_WORDS = env_list("PASSWORD_FORBIDDEN_WORDS", "baodi,宝坻,tuoyu,托育")
# A password-reset link works this many seconds (1 hour); at most this many reset mails per client address and
# per account an hour (0: no limit). Over a limit no mail goes out and the page answers as always.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", "3600"))
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "5"))
PASSWORD_RESET_LIMIT_PER_ACCOUNT = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ACCOUNT", "3"))
# A new e-mail address takes effect through a link sent to it, which works this many hours. The current password,
# asked for again to change the e-mail address or the phone or to end sessions, may be mistyped this many times an
# hour (accounts/reauth.py).
EMAIL_CHANGE_LINK_HOURS = int(os.environ.get("EMAIL_CHANGE_LINK_HOURS", "24"))
REAUTH_PASSWORD_TRIES_PER_HOUR = int(os.environ.get("REAUTH_PASSWORD_TRIES_PER_HOUR", "5"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# And after 12 hours since sign-in, however busy (baodi_care/accounts/sessions.py). A session's "last seen" is
# written at most once in this many seconds.
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("DJANGO_SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))
SESSION_TOUCH_SECONDS = 60

# How many reverse proxies in front of the portal append to X-Forwarded-For (0: none, REMOTE_ADDR is the client).
# The client address of sign-in throttling, the complaint and password-reset limits comes from
# baodi_care.accounts.network.client_ip.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Failed sign-ins are counted per (user name, address), the address from client_ip, so failures from one address
# never slow down or lock the same user name from another. After SIGNIN_FREE_FAILURES failures each attempt waits
# SIGNIN_DELAY_SECONDS, doubling with each further failure up to SIGNIN_DELAY_MAX_SECONDS; at AXES_FAILURE_LIMIT
# failures django-axes locks the pair for AXES_COOLOFF_TIME hours. The district's choice, not law.
SIGNIN_FREE_FAILURES = int(os.environ.get("SIGNIN_FREE_FAILURES", "3"))
SIGNIN_DELAY_SECONDS = int(os.environ.get("SIGNIN_DELAY_SECONDS", "15"))
SIGNIN_DELAY_MAX_SECONDS = int(os.environ.get("SIGNIN_DELAY_MAX_SECONDS", "900"))
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = int(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "baodi_care.accounts.signin.axes_client_ip"  # network.client_ip, as an IP address or None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Off: axes trims that log by deleting rows, and its rows are append-only (accounts/append_only.py checks this).
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# The second factor (django-otp, baodi_care/accounts/second_factor/): required of staff, optional for operators.
# How many recovery codes a user is given at a time (each works once).
SECOND_FACTOR_RECOVERY_CODES = int(os.environ.get("SECOND_FACTOR_RECOVERY_CODES", "10"))
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "宝坻托育平台")
# The security log (accounts/security_log/) keeps rows this many days; `manage.py prune_security_log` deletes older
# ones. 网络安全法 Art. 21 asks for at least six months, so less than 180 is refused (and a PostgreSQL trigger refuses
# to delete younger rows whatever this says).
SECURITY_LOG_RETENTION_DAYS = int(os.environ.get("SECURITY_LOG_RETENTION_DAYS", "180"))
if SECURITY_LOG_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("SECURITY_LOG_RETENTION_DAYS must be at least 180 (网络安全法 Art. 21: six months).")
# Where the Django admin lives: change it in production, so the admin is not where every scanner looks.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Read replica and object storage -----------------------------------------------------------
# A read replica of the database (off unless set): reports and exports read from it (baodi_care/core/replica.py,
# only inside `reads_from_replica`); writes and every other page read from "default", since a replica lags.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        ),
        # In tests the replica is the test database itself, through a second connection.
        "TEST": {"MIRROR": "default"},
    }
    # Routes reads inside reports and exports to the replica; writes and migrations to default only.
    DATABASE_ROUTERS = ["baodi_care.core.replica.ReplicaRouter"]

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside static and outside any web root; they are served only by views
# that check permission (there is deliberately no MEDIA_URL route).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# No route serves this prefix; it exists only because Django's test live server requires a string.
MEDIA_URL = "/media-is-not-served/"
MAX_UPLOAD_BYTES = int(os.environ.get("DJANGO_MAX_UPLOAD_MB", "20")) * 1024 * 1024
# Caps on uploads (baodi_care/core/files.py), the district's choice with safe defaults, not law: an image of more
# pixels is refused before it is decoded (50 million: a 48-megapixel phone photo passes, a decompression bomb does
# not); one filing keeps at most this many versions of one document type.
UPLOAD_MAX_IMAGE_PIXELS = int(os.environ.get("UPLOAD_MAX_IMAGE_MEGAPIXELS", "50")) * 1_000_000
UPLOAD_MAX_VERSIONS = int(os.environ.get("UPLOAD_MAX_VERSIONS", "20"))
# Virus scan of every upload by ClamAV's daemon (baodi_care/core/virus_scan.py): its socket, a path such as
# /run/clamav/clamd.ctl or tcp://host:port. Empty: no scan (as in `make run`). Set, and the scanner cannot answer
# within CLAMD_TIMEOUT_SECONDS: the upload is refused.
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "").strip()
CLAMD_TIMEOUT_SECONDS = float(os.environ.get("CLAMD_TIMEOUT_SECONDS", "30"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Where the uploaded documents, evidence and finished job files are kept: MEDIA_ROOT on this disk by default; an
# S3-compatible object store (django-storages) when S3_BUCKET is set, so several app hosts share them. The bucket
# stays private: objects are written without a public ACL and no signed link is ever handed out (the portal's
# permission-checked views read the object and send it, exactly as from the disk).
S3_BUCKET = os.environ.get("S3_BUCKET", "").strip()
if S3_BUCKET:
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            # Another S3-compatible service (MinIO, a cloud's object storage): its address; empty for AWS.
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL", "").strip() or None,
            "region_name": os.environ.get("S3_REGION", "").strip() or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", "").strip() or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", "").strip() or None,
            # A folder inside the bucket, so one bucket can serve several portals or environments.
            "location": os.environ.get("S3_PREFIX", "").strip().strip("/"),
            "default_acl": "private",
            "querystring_auth": False,  # no presigned URLs: the views check permission and send the bytes
            "file_overwrite": False,  # a name already taken gets a new one, as on the disk
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "").strip() or None,
            "object_parameters": {"CacheControl": "no-store"},
        },
    }
else:
    DEFAULT_FILE_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or env_bool("DJANGO_PLAIN_STATIC")


def _static_file_headers(headers, path, url):
    """whitenoise answers for static files before django-csp runs: they are never framed either (ASVS 5.0 3.4.6)."""
    headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    if PERMISSIONS_POLICY:
        headers["Permissions-Policy"] = PERMISSIONS_POLICY


WHITENOISE_ADD_HEADERS_FUNCTION = _static_file_headers

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "baodi-care@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails point here.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")

# --- Security ---------------------------------------------------------------------------------
# With debug off the portal is served over HTTPS: redirect, secure cookies, HSTS. DJANGO_HTTPS=0 opts out (a test
# copy on plain HTTP); DJANGO_BEHIND_PROXY=1 when a TLS-terminating proxy sets X-Forwarded-Proto (and strips it from
# clients), otherwise every request there looks like plain HTTP and is redirected again and again.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # the document preview view opts in to SAMEORIGIN itself
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page of the portal uses, off for it and anything it frames (baodi_care/middleware.py). Photos
# from the phone's camera come through a file input, which this does not govern.
PERMISSIONS_POLICY = os.environ.get(
    "DJANGO_PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), geolocation=(), "
    "gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()",
)

# django-csp: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        # No page may be framed, not even by the portal (as X-Frame-Options DENY); a document preview sends its own
        # policy that lets the portal's review page frame it (core/files.py).
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],  # ASVS 5.0 3.4.3: object-src and base-uri 'none'; no page has a <base>
        "form-action": [SELF],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # Every security log entry (accounts/security_log/) also goes here, to the console with the others.
        "baodi_care.security": {"level": "INFO"},
    },
}

# --- Health and metrics ---------------------------------------------------------------------------
# django-health-check and django-prometheus (baodi_care/monitoring.py), not models of their own.
INSTALLED_APPS += ["health_check", "django_prometheus"]
# /health/ for the load balancer: what must work for this host to serve pages. The broker too when there is one
# (jobs can be queued); a worker only with HEALTH_CHECK_CELERY_WORKERS=1, since an outage of the workers would
# take every app host out of the load balancer at once although the pages still work.
HEALTH_CHECKS = [
    ("health_check.checks.Database", {"alias": "default"}),
    "health_check.checks.Cache",
    "health_check.checks.Storage",
]
if os.environ.get("CELERY_BROKER_URL", "").strip():
    HEALTH_CHECKS.append("baodi_care.monitoring.CeleryBroker")
    if env_bool("HEALTH_CHECK_CELERY_WORKERS", False):
        HEALTH_CHECKS.append("health_check.contrib.celery.Ping")
# Client addresses (or networks, e.g. 10.0.5.0/24) that may read /metrics and the details of /health/: the host
# itself and the monitoring network. Anyone else gets a 404 for /metrics and only "ok"/"unavailable" for /health/.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
# A load balancer probes the app hosts over plain HTTP: no redirect to HTTPS for the probe, nor for Prometheus
# scraping the app host directly. Django matches these against the path without its leading slash.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics$"]

# --- Filing rules (登记和备案办法 Art. 9; 设置标准 Art. 20) ------------------------------------------
# Art. 9's two clocks, in working days from the receipt of complete materials: the 备案回执 and 告知书 (5), and for a
# filing that does not meet the conditions the answer with reasons, made public (15).
FILING_ACKNOWLEDGE_WORKING_DAYS = int(os.environ.get("FILING_ACKNOWLEDGE_WORKING_DAYS", "5"))
FILING_NONCOMPLIANT_WORKING_DAYS = int(os.environ.get("FILING_NONCOMPLIANT_WORKING_DAYS", "15"))
# A 变更备案 is filed 及时 (promptly) after the change (登记和备案办法 Art. 10): the national text sets no number of
# days. A district that sets one (calendar days after the change date) sees later change filings flagged on the
# review page and the work list; 0, the default, sets no deadline and flags nothing.
CHANGE_FILING_DEADLINE_DAYS = int(os.environ.get("CHANGE_FILING_DEADLINE_DAYS", "0"))
# Children per caregiver in a mixed-age class: not set nationally; 1:5 unless the commission decides otherwise.
MIXED_CLASS_CHILDREN_PER_CAREGIVER = int(os.environ.get("MIXED_CLASS_CHILDREN_PER_CAREGIVER", "5"))
RECEIPT_PREFIX = os.environ.get("FILING_RECEIPT_PREFIX", "宝卫托备")
# The CJK TrueType fonts the PDFs (receipt, 备案书) embed, the first that exists (PDF_CJK_FONT, then Debian's
# fonts-wqy-microhei / fonts-wqy-zenhei); with none of them ReportLab's built-in STSong-Light (no font file needed).
PDF_CJK_FONTS = [
    path
    for path in (
        os.environ.get("PDF_CJK_FONT", ""),
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    )
    if path
]

# --- Windows, reminders and limits ---------------------------------------------------------------
# None of these numbers is set by the national or Tianjin texts: they are the district's working choices,
# with safe defaults, and can be changed without touching the code.
# The official's to-do list shows leases ending within this many days.
LEASE_ENDING_WARNING_DAYS = int(os.environ.get("LEASE_ENDING_WARNING_DAYS", "90"))
# Reminders (manage.py send_reminders): certificates expiring and fee disclosures going stale within this
# many days; rectifications and filings due within this many days.
CERTIFICATE_EXPIRY_REMINDER_DAYS = int(os.environ.get("CERTIFICATE_EXPIRY_REMINDER_DAYS", "30"))
FEE_STALE_REMINDER_DAYS = int(os.environ.get("FEE_STALE_REMINDER_DAYS", "30"))
DEADLINE_REMINDER_DAYS = int(os.environ.get("DEADLINE_REMINDER_DAYS", "2"))
# An operating report (管理规范 Art. 12 asks for regular reports, without a date) for month M is due on this day
# of month M+1 (1–28).
OPERATING_REPORT_DUE_DAY = min(28, max(1, int(os.environ.get("OPERATING_REPORT_DUE_DAY", "10"))))
# The inspection plan: an inspection counts as due this many days before its date; with no frequency
# configured at all (the seed configures one), an institution is to be inspected this often a year.
INSPECTION_DUE_SOON_DAYS = int(os.environ.get("INSPECTION_DUE_SOON_DAYS", "30"))
INSPECTION_FALLBACK_PER_YEAR = int(os.environ.get("INSPECTION_FALLBACK_PER_YEAR", "2"))
# Register imports: the largest file, the most rows, and what an xlsx (a zip) may unpack to.
REGISTER_IMPORT_MAX_BYTES = int(os.environ.get("REGISTER_IMPORT_MAX_MB", "10")) * 1024 * 1024
REGISTER_IMPORT_MAX_ROWS = int(os.environ.get("REGISTER_IMPORT_MAX_ROWS", "10000"))
REGISTER_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("REGISTER_IMPORT_MAX_UNPACKED_MB", "200")) * 1024 * 1024
# The most parts (zip entries) an xlsx may hold; Excel and WPS write about a dozen for one sheet.
REGISTER_IMPORT_MAX_ZIP_ENTRIES = int(os.environ.get("REGISTER_IMPORT_MAX_ZIP_ENTRIES", "500"))

# --- Tianjin's 2025 targets for childcare provision (天津市“十四五”婴幼儿照护服务规划) --------------------
TIANJIN_TARGET_SOURCE = "天津市“十四五”婴幼儿照护服务规划"
TIANJIN_TARGET_SEATS_PER_1000 = Decimal(os.environ.get("TIANJIN_TARGET_SEATS_PER_1000", "4.5"))
TIANJIN_TARGET_INCLUSIVE_SHARE = Decimal(os.environ.get("TIANJIN_TARGET_INCLUSIVE_SHARE", "60"))

# --- Complaints from the public ------------------------------------------------------------------
# At most this many complaints per client address (REMOTE_ADDR) and hour; there is no captcha. 0: no limit.
# The count lives in the cache: with several app processes, set REDIS_URL so they share it.
COMPLAINT_RATE_LIMIT_PER_HOUR = int(os.environ.get("COMPLAINT_RATE_LIMIT_PER_HOUR", "5"))
# An open complaint counts as overdue after this many working days (the district's own target).
COMPLAINT_HANDLING_WORKING_DAYS = int(os.environ.get("COMPLAINT_HANDLING_WORKING_DAYS", "15"))

# --- Onboarding: operators' sign-up, claims of an institution, invitations, staff accounts (issue 9) -----------
# None of these numbers is law: they are the district's choice, with safe defaults.
# Where text messages go: a dotted path to a class with send(phone, message). The console backend logs them.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "baodi_care.accounts.sms.ConsoleSMSBackend")
# The verification link of a sign-up works this many hours.
SIGNUP_VERIFY_HOURS = int(os.environ.get("SIGNUP_VERIFY_HOURS", "24"))
# At most this many sign-ups per client address (accounts.network.client_ip) and hour. 0: no limit.
SIGNUP_RATE_LIMIT_PER_HOUR = int(os.environ.get("SIGNUP_RATE_LIMIT_PER_HOUR", "5"))
# A claim code (sent to the contact on record) works this many minutes (ASVS 5.0 6.5.5: an out-of-band code lives
# at most 10 minutes), for this many wrong tries.
CLAIM_CODE_MINUTES = int(os.environ.get("CLAIM_CODE_MINUTES", "10"))
CLAIM_CODE_MAX_ATTEMPTS = int(os.environ.get("CLAIM_CODE_MAX_ATTEMPTS", "5"))
# At most this many claim codes a day per claimant and per institution (no flooding a contact with texts). 0: no limit.
CLAIM_CODES_PER_DAY = int(os.environ.get("CLAIM_CODES_PER_DAY", "3"))
# An invitation to join an institution works this many days (issue 9: 7).
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))
# The link a new staff account sets its password with works this many hours.
STAFF_PASSWORD_LINK_HOURS = int(os.environ.get("STAFF_PASSWORD_LINK_HOURS", "72"))

# --- Background jobs (Celery) --------------------------------------------------------------------
# The broker (Redis), e.g. redis://127.0.0.1:6379/1. Unset: no broker, and every task runs eagerly in the process
# that starts it (so `make run` and the tests need no worker); a job then finishes before its page is shown.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# In eager mode an error in a task is raised where it was started, as it would be in the code that calls it.
CELERY_TASK_EAGER_PROPAGATES = True
# No result backend: a job's state, progress and file live in the database (baodi_care/jobs/models.py).
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task is acknowledged when it is done, so a job whose worker died is run again by the next worker.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# How often celery beat refreshes the dashboard's precomputed figures (the district's choice).
DASHBOARD_REFRESH_MINUTES = int(os.environ.get("DASHBOARD_REFRESH_MINUTES", "15"))
# A job's result file can be downloaded this many hours after the job finished (issue 11: 24 hours).
JOB_RESULT_HOURS = int(os.environ.get("JOB_RESULT_HOURS", "24"))
# An export of more rows than this (or any xlsx export above it) is made as a background job with a progress
# page rather than streamed by the request (the district's choice, with a safe default).
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "20000"))
# celery beat's schedule (the worker runs what beat sends; without a broker nothing runs on its own).
CELERY_BEAT_SCHEDULE = {
    # The dashboard's figures (supervision/statistics/snapshots.py).
    "refresh-dashboard": {
        "task": "supervision.statistics.refresh_dashboard",
        "schedule": timedelta(minutes=DASHBOARD_REFRESH_MINUTES),
    },
    # Reminders, hourly at minute 5 (what the cron line of manage.py send_reminders did).
    "send-reminders": {"task": "supervision.reminders.send_reminders", "schedule": crontab(minute="5")},
    # Result files of jobs past their JOB_RESULT_HOURS deleted (the job row stays, as the record).
    "delete-expired-job-results": {"task": "baodi_care.jobs.delete_expired_results", "schedule": crontab(minute="35")},
}

# --- Backups ------------------------------------------------------------------------------------------------
# `manage.py backup` writes baodi-care-YYYYMMDD-HHMMSS/ (UTC) folders here (README "Backup and restore"); keep it on
# another disk than the database, and copy it off-site.
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT", BASE_DIR / "var" / "backups"))
# Complete backups kept by the rotation (the district's choice, with a safe default: two weeks of nightly ones).
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "14"))
