"""The audit administrator's pages: the security log and the audit trails, each a list page with filters and an
export. Only the audit administrator opens them (403 for everyone else, system administrators included); each view
and each export is itself written to the security log."""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.permissions import can_read_security_log
from baodi_care.accounts.security_log.recorder import record
from baodi_care.core import spreadsheets
from baodi_care.core.lists import ListPageView
from supervision.audit import selectors
from supervision.audit.filters import SecurityLogFilter, TrailFilter
from supervision.audit.resources import SecurityLogResource, TrailResource
from supervision.audit.trails import TRAILS, Trail


class AuditorOnlyMixin:
    """The audit administrator only: anyone else, the system administrator and superusers included, gets a 403."""

    def dispatch(self, request, *args, **kwargs):
        if not can_read_security_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AuditListView(AuditorOnlyMixin, ListPageView):
    """An audit list: its page view (with the filters in effect) goes into the security log."""

    paginate_by = 50
    log_key = ""

    def get(self, request, *args, **kwargs):
        record(SecurityAction.AUDIT_VIEW, object_type="audit", object_id=self.log_key, detail=request.GET.urlencode())
        return super().get(request, *args, **kwargs)

    def export(self, resource, rows, basename: str):
        """The filtered list as csv or xlsx, and that export in the security log."""
        fmt = "xlsx" if self.request.GET.get("format") == "xlsx" else "csv"
        record(
            SecurityAction.AUDIT_EXPORT,
            object_type="audit",
            object_id=self.log_key,
            detail=f"{fmt}: {self.request.GET.urlencode()}",
        )
        return spreadsheets.export_response(resource, rows, fmt=fmt, basename=basename, title=self.title)


class SecurityLogView(AuditListView):
    """安全审计日志: every entry, newest first, by outcome, filtered by date, user, action and address."""

    template_name = "supervision/audit/security_log.html"
    title = _("Security log")
    filterset_class = SecurityLogFilter
    selector = selectors.security_log
    context_object_name = "entries"
    tab_param = "outcome"
    tabs = SecurityOutcome.choices
    hidden_filters = ("outcome",)
    export_url = "audit:security_log_export"
    log_key = "security_log"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "trails": TRAILS.values()}


class SecurityLogExportView(SecurityLogView):
    def get(self, request, *args, **kwargs):
        return self.export(SecurityLogResource(), self.listing.rows, "security-log")


class TrailView(AuditListView):
    """One audit trail (filing, rectification, complaint events; inspection and register history)."""

    template_name = "supervision/audit/trail.html"
    context_object_name = "rows"
    export_url = "audit:trail_export"

    @cached_property
    def trail(self) -> Trail:
        trail = TRAILS.get(self.kwargs["trail"])
        if trail is None:
            raise Http404
        return trail

    @property
    def title(self):
        return self.trail.title

    @property
    def log_key(self) -> str:
        return self.trail.key

    @property
    def filterset_class(self):
        return type(f"{self.trail.key.title()}TrailFilter", (TrailFilter,), {"trail": self.trail})

    def get_export_url(self) -> str:
        return reverse(self.export_url, args=[self.trail.key])

    def get_queryset(self):
        return selectors.trail_rows(user=self.request.user, trail=self.trail)

    def decorate(self, rows):
        return selectors.for_display(self.trail, rows)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(trail=self.trail, trails=TRAILS.values())
        return ctx


class TrailExportView(TrailView):
    def get(self, request, *args, **kwargs):
        trail = self.trail
        rows = (row for batch in spreadsheets.batches(self.listing.rows) for row in selectors.for_display(trail, batch))
        return self.export(TrailResource(trail), rows, f"audit-{trail.key}")
