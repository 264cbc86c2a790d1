"""The site's URL table: each app's table under its prefix, the public pages, open data and the admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.i18n import set_language

from baodi_care import monitoring
from baodi_care.home.views import HomeView

admin.site.site_header = "宝坻区托育机构登记备案与监管平台"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("baodi_care.accounts.urls")),
    path("institutions/", include("institutions.urls")),
    path("staff/", include("baodi_care.home.staff.urls")),
    path("review/", include("supervision.urls")),
    # The audit administrator's pages: the security log and the audit trails (supervision/audit/).
    path("audit/", include("supervision.audit.urls")),
    # The user's background jobs: progress, results for JOB_RESULT_HOURS (baodi_care/jobs/).
    path("jobs/", include("baodi_care.jobs.urls")),
    # The public register, institution pages and complaints: no sign-in.
    path("public/", include("supervision.public.urls", namespace="public")),
    # Open data: the public register as CSV and JSON, no sign-in (supervision/opendata/).
    path("open-data/", include("supervision.opendata.urls", namespace="open_data")),
    # The language switch must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Browsers ask for /favicon.ico on their own, signed in or not; the static URL is resolved per request, as the
    # manifest storage names the file by its hash.
    path(
        "favicon.ico",
        login_not_required(RedirectView.as_view(url=lazy(static, str)("img/favicon.ico"))),
        name="favicon",
    ),
    # The load balancer's probe, over plain HTTP (SECURE_REDIRECT_EXEMPT), and Prometheus' page for METRICS_ALLOWED_IPS
    # only: no sign-in, no second factor (baodi_care/monitoring.py).
    path("health/", monitoring.health, name="health"),
    path("metrics", monitoring.metrics, name="metrics"),
    # At settings.ADMIN_URL ("admin/" unless set), behind the second factor (accounts/second_factor/admin_site.py).
    path(settings.ADMIN_URL, admin.site.urls),
]

# Every 403 is written to the security log, then Django's own 403 page (accounts/security_log/views.py).
handler403 = "baodi_care.accounts.security_log.views.permission_denied"
