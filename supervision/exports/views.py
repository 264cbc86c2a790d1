"""The exports page and the exports (xlsx, or csv in UTF-8 with a BOM), each within the user's scope.

Who exports what:
- officials: everything of their jurisdiction (register, filings, inspections, rectifications, fees, reports,
  complaints, statistics);
- the health commission: the same for the district;
- member departments: the register only (DESIGN §1: read access to the register);
- operators: nothing here. Their data is on their institutions' pages; a bulk download of the register is a
  supervisor's tool, and the fewer ways out of the portal, the fewer ways to leak.

Every export starts from Model.objects.for_user(request.user), applies the page's filters (the same query
parameters as the list pages: the register takes institutions.register.filters.InstitutionFilter's, filings the work
list's), and is written by baodi_care.core.spreadsheets without holding the rows in memory. An export of more than
EXPORT_BACKGROUND_ROWS rows is made by a background job (supervision/exports/tasks.py) from the same filters: the
request answers with a redirect to the job's page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import REVIEWER_ROLES, STAFF_ROLES, RoleRequiredMixin
from baodi_care.core import spreadsheets
from baodi_care.core.replica import reads_from_replica
from institutions.choices import FeeScheduleStatus
from institutions.filings import resources as filings_resources
from institutions.filings.filters import FilingFilter
from institutions.filings.selectors import filing_worklist
from institutions.models import FeeItem, FeeSchedule, Institution, OperatingReport
from institutions.register import resources as register_resources
from institutions.register.columns import register_queryset
from institutions.register.filters import InstitutionFilter
from supervision.exports.filters import (
    ComplaintExportFilter,
    FeeItemExportFilter,
    InspectionItemFilter,
    OperatingReportExportFilter,
    RectificationExportFilter,
)
from supervision.exports.resources import (
    ComplaintResource,
    FeeItemResource,
    InspectionItemResource,
    OperatingReportResource,
    RectificationResource,
)
from supervision.exports.tasks import start_export_job
from supervision.models import Complaint, Inspection, ItemCheck, Rectification
from supervision.statistics.forms import DashboardFilterForm
from supervision.statistics.registry import FIGURES
from supervision.statistics.resources import figures_download
from supervision.statistics.scope import DASHBOARD_ROLES

EXPORT_FILTERS_INVALID = _("The export was not made: some filters could not be read (%(errors)s).")
EXPORT_CSV_NEEDS_TABLE = _("Choose one table for a CSV file; all tables together come as one Excel workbook.")


@dataclass(frozen=True)
class ExportSpec:
    """One export: who may make it, the scoped rows, the filters, the resource that turns a row into cells."""

    key: str
    title: Promise
    description: Promise
    roles: tuple[str, ...]
    base: Callable[..., QuerySet]  # base(user) -> the scoped queryset
    filterset: type
    decorate: Callable[[QuerySet], QuerySet]  # what a row needs (select_related, annotations) and the order
    resource: Callable[[datetime.date], object]

    @property
    def url_name(self) -> str:
        return f"supervision:export_{self.key}"


EXPORTS: dict[str, ExportSpec] = {
    spec.key: spec
    for spec in (
        ExportSpec(
            "register",
            _("Institution register"),
            _("Every institution with its jurisdiction, category, 普惠, service forms, seats, status and contacts."),
            STAFF_ROLES,
            lambda user: Institution.objects.for_user(user),
            InstitutionFilter,
            # The list's "sort by" is kept; otherwise by jurisdiction, then name.
            lambda qs: register_queryset(qs if qs.query.order_by else qs.order_by("jurisdiction__code", "name", "pk")),
            lambda today: register_resources.InstitutionResource(),
        ),
        ExportSpec(
            "filings",
            _("Filings"),
            _("Submitted filings with their deadlines, rounds and decisions."),
            REVIEWER_ROLES,
            lambda user: filing_worklist(user=user),
            FilingFilter,
            lambda qs: qs,
            lambda today: filings_resources.FilingExportResource(today=today),
        ),
        ExportSpec(
            "inspections",
            _("Inspections with their items"),
            _("One row per checked item: institution, date, kind, category, item, outcome and note."),
            REVIEWER_ROLES,
            lambda user: ItemCheck.objects.filter(inspection__in=Inspection.objects.for_user(user)),
            InspectionItemFilter,
            lambda qs: qs.select_related("inspection__institution__jurisdiction", "item", "rectification").order_by(
                "-inspection__inspected_on", "-inspection_id", "item__position", "pk"
            ),
            lambda today: InspectionItemResource(),
        ),
        ExportSpec(
            "rectifications",
            _("Rectifications"),
            _("Rectification orders with their deadlines, status and whether they are overdue."),
            REVIEWER_ROLES,
            lambda user: Rectification.objects.for_user(user),
            RectificationExportFilter,
            lambda qs: qs.select_related(
                "institution__jurisdiction", "item_check__item", "item_check__inspection"
            ).order_by("deadline", "pk"),
            lambda today: RectificationResource(today=today),
        ),
        ExportSpec(
            "fees",
            _("Fee disclosures"),
            _("One row per fee item of every published or superseded fee disclosure."),
            REVIEWER_ROLES,
            lambda user: FeeItem.objects.filter(
                schedule__in=FeeSchedule.objects.for_user(user).filter(
                    status__in=[FeeScheduleStatus.PUBLISHED, FeeScheduleStatus.SUPERSEDED]
                )
            ),
            FeeItemExportFilter,
            lambda qs: qs.select_related("schedule__institution__jurisdiction").order_by(
                "schedule__institution__name", "schedule__institution_id", "-schedule__version", "fee_type", "pk"
            ),
            lambda today: FeeItemResource(),
        ),
        ExportSpec(
            "reports",
            _("Operating reports"),
            _("Monthly enrolment by class type, staff on duty and incidents."),
            REVIEWER_ROLES,
            lambda user: OperatingReport.objects.for_user(user),
            OperatingReportExportFilter,
            lambda qs: qs.select_related("institution__jurisdiction").order_by("-period", "institution__name", "pk"),
            lambda today: OperatingReportResource(),
        ),
        ExportSpec(
            "complaints",
            _("Complaints"),
            _("Complaints with their handling and outcome; never the complainant's name or phone."),
            REVIEWER_ROLES,
            lambda user: Complaint.objects.for_user(user),
            ComplaintExportFilter,
            # The complainant's contact data is not even read.
            lambda qs: (
                qs.select_related("institution", "jurisdiction")
                .defer("contact_name", "contact_phone")
                .order_by("-received_at", "-pk")
            ),
            lambda today: ComplaintResource(),
        ),
    )
}


def export_filterset(spec: ExportSpec, *, user, params: QueryDict, today: datetime.date):
    """The export's filters over the user's scope, from the page's query parameters (without format and page): the
    request and the background job (supervision/exports/tasks.py) build the same rows from it."""
    return spec.filterset(params or None, queryset=spec.base(user), user=user, today=today)


def exports_for(user) -> list[ExportSpec]:
    return [spec for spec in EXPORTS.values() if user.role in spec.roles]


def _error_summary(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return "; ".join(parts)


class ExportListView(RoleRequiredMixin, TemplateView):
    """The exports the user's role may make, each with its filters and an xlsx and a csv button."""

    allowed_roles = STAFF_ROLES
    template_name = "supervision/exports/export_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        cards = []
        for spec in exports_for(user):
            filterset = spec.filterset(None, queryset=spec.base(user), user=user)
            # Several forms on one page: field ids must not clash.
            filterset.form.auto_id = f"id_{spec.key}_%s"
            cards.append({"spec": spec, "url": reverse(spec.url_name), "form": filterset.form})
        statistics = None
        if user.role in DASHBOARD_ROLES:
            form = DashboardFilterForm(None, user=user)
            form.auto_id = "id_statistics_%s"
            statistics = {"form": form, "figures": list(FIGURES.values())}
        ctx.update(cards=cards, statistics=statistics, role=user.role, is_department=user.role == Role.DEPARTMENT)
        return ctx


def _format(request) -> str:
    fmt = request.GET.get("format", "csv")
    if fmt not in spreadsheets.FORMATS:
        raise Http404
    return fmt


class ExportView(RoleRequiredMixin, View):
    """One export, filtered as asked, as csv (streamed) or xlsx (write-only workbook)."""

    spec: ExportSpec | None = None

    @reads_from_replica()
    def get(self, request):
        spec = self.spec
        fmt = _format(request)
        today = timezone.localdate()
        params = request.GET.copy()
        for key in ("format", "page"):
            params.pop(key, None)
        filterset = export_filterset(spec, user=request.user, params=params, today=today)
        if filterset.is_bound and not filterset.is_valid():
            messages.error(request, EXPORT_FILTERS_INVALID % {"errors": _error_summary(filterset.form)})
            return redirect("supervision:export_list")
        if filterset.qs.count() > settings.EXPORT_BACKGROUND_ROWS:
            # Too many rows for one request: a background job makes the file, its page shows the progress.
            job = start_export_job(spec=spec, by=request.user, fmt=fmt, query=params.urlencode(), today=today)
            return redirect(job)
        rows = spec.decorate(filterset.qs)
        return spreadsheets.export_response(spec.resource(today), rows, fmt=fmt, basename=spec.key, title=spec.title)


class StatisticsExportView(RoleRequiredMixin, View):
    """The dashboard's tables (supervision.statistics): one as csv or xlsx, or all in one workbook (a sheet each)."""

    allowed_roles = DASHBOARD_ROLES

    @reads_from_replica()
    def get(self, request):
        fmt = _format(request)
        form = DashboardFilterForm(request.GET, user=request.user)
        filters = form.filters()
        slug = request.GET.get("figure", "")
        if slug:
            figure = FIGURES.get(slug)
            if figure is None:
                raise Http404
            return figures_download([figure], user=request.user, filters=filters, fmt=fmt, name=figure.slug)
        if fmt == "csv" and "format" in request.GET:
            messages.error(request, EXPORT_CSV_NEEDS_TABLE)
            return redirect("supervision:export_list")
        return figures_download(
            list(FIGURES.values()), user=request.user, filters=filters, fmt="xlsx", name="statistics"
        )
