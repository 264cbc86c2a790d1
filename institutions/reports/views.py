from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import OPERATOR_ONLY, PORTAL_ROLES, STAFF_ROLES, RoleRequiredMixin
from baodi_care.core import dates as core_dates
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import add_service_errors
from institutions import choices as institutions_choices
from institutions.fees.views import _institution_for
from institutions.models import Institution, OperatingReport
from institutions.permissions import is_member
from institutions.reports import selectors as reports_selectors
from institutions.reports import services as reports_services
from institutions.reports.filters import ReportStatusFilter
from institutions.reports.forms import MonthField, OperatingReportForm
from institutions.templatetags import fees_reports as templatetags_fees_reports

REPORT_SUBMITTED = gettext_lazy("The report for %(month)s is submitted.")


REPORT_CORRECTED = gettext_lazy("The report for %(month)s is corrected; the earlier figures stay in its history.")


REPORT_OVER_CAPACITY = gettext_lazy(
    "%(enrolled)s children are enrolled for %(seats)s filed seats: the sub-district/town has been told. "
    "File a change of seats if the institution has grown."
)


REPORT_CANNOT_START = gettext_lazy("%(institution)s is “%(status)s”: operating reports start once it is filed.")


def _month(period) -> str:
    return f"{period:%Y-%m}"


class ReportListView(RoleRequiredMixin, ListPageView):
    """An institution's monthly reports, newest first, with the month now due."""

    allowed_roles = PORTAL_ROLES
    template_name = "institutions/reports/list.html"
    title = gettext_lazy("Operating reports")
    context_object_name = "reports"
    paginate_by = 24

    @cached_property
    def institution(self) -> Institution:
        return _institution_for(self.request, self.kwargs["pk"])

    def get_queryset(self):
        return reports_selectors.institution_reports(user=self.request.user, institution=self.institution)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, institution = self.request.user, self.institution
        member = is_member(user, institution)
        ctx.update(
            institution=institution,
            summary=templatetags_fees_reports.institution_summary(user=user, institution=institution, today=self.today),
            is_member=member,
            can_report=member and institution.status in institutions_choices.REPORT_ALLOWED_STATUSES,
        )
        return ctx


class ReportCreateView(RoleRequiredMixin, View):
    """The operator reports a month (by default the one just ended)."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/reports/form.html"

    def render_form(self, request, institution, form):
        return render(
            request,
            self.template_name,
            {
                "institution": institution,
                "form": form,
                "report": None,
                "total_seats": sum(institution.classes.values_list("seats", flat=True)),
            },
        )

    def _institution(self, request, pk) -> Institution | None:
        institution = _institution_for(request, pk)
        if institution.status not in institutions_choices.REPORT_ALLOWED_STATUSES:
            messages.error(
                request,
                REPORT_CANNOT_START % {"institution": institution.name, "status": institution.get_status_display()},
            )
            return None
        return institution

    def get(self, request, pk):
        institution = self._institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        today = timezone.localdate()
        initial = {"period": core_dates.previous_month(today)}
        last = institution.operating_reports.order_by("-period").first()
        if last:
            initial.update(
                {
                    name: getattr(last, name)
                    for name in reports_services.REPORT_FIGURE_FIELDS
                    if name.startswith("enrolled")
                },
                staff_on_duty=last.staff_on_duty,
                caregivers_on_duty=last.caregivers_on_duty,
            )
        return self.render_form(request, institution, OperatingReportForm(initial=initial, today=today))

    def post(self, request, pk):
        institution = self._institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        today = timezone.localdate()
        form = OperatingReportForm(request.POST, today=today)
        if form.is_valid():
            try:
                report = reports_services.submit_operating_report(
                    institution=institution,
                    by=request.user,
                    period=form.cleaned_data["period"],
                    today=today,
                    **form.figures(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, REPORT_SUBMITTED % {"month": _month(report.period)})
                if report.over_capacity:
                    messages.warning(
                        request,
                        REPORT_OVER_CAPACITY % {"enrolled": report.enrolled, "seats": report.seats_at_submission},
                    )
                return redirect("institutions:report_detail", report.pk)
        return self.render_form(request, institution, form)


def _report_for(request, pk: int) -> OperatingReport:
    return get_object_or_404(
        OperatingReport.objects.for_user(request.user).select_related(
            "institution", "institution__jurisdiction", "submitted_by"
        ),
        pk=pk,
    )


class ReportDetailView(RoleRequiredMixin, TemplateView):
    """One month's report, the seats it was measured against, and its corrections."""

    allowed_roles = PORTAL_ROLES
    template_name = "institutions/reports/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = _report_for(self.request, kwargs["pk"])
        today = timezone.localdate()
        ctx.update(
            report=report,
            institution=report.institution,
            due_date=reports_selectors.report_due_date(report.period),
            late=timezone.localdate(report.submitted_at) > reports_selectors.report_due_date(report.period),
            correctable_until=reports_selectors.report_correctable_until(report.period),
            can_correct=reports_selectors.can_correct_report(self.request.user, report, today),
            history=report.history.select_related("history_user").order_by("-history_date"),
        )
        return ctx


class ReportEditView(RoleRequiredMixin, View):
    """The operator corrects a report until the end of the following month."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/reports/form.html"

    def _correctable(self, request, pk) -> OperatingReport | None:
        report = _report_for(request, pk)
        if not reports_selectors.can_correct_report(request.user, report):
            messages.error(
                request,
                reports_services.REPORT_LOCKED
                % {
                    "month": _month(report.period),
                    "date": reports_selectors.report_correctable_until(report.period).isoformat(),
                },
            )
            return None
        return report

    def render_form(self, request, report, form):
        return render(
            request,
            self.template_name,
            {
                "institution": report.institution,
                "form": form,
                "report": report,
            },
        )

    def get(self, request, pk):
        report = self._correctable(request, pk)
        if report is None:
            return redirect("institutions:report_detail", pk)
        return self.render_form(request, report, OperatingReportForm(instance=report, with_period=False))

    def post(self, request, pk):
        report = self._correctable(request, pk)
        if report is None:
            return redirect("institutions:report_detail", pk)
        scratch = OperatingReport.objects.get(pk=report.pk)
        form = OperatingReportForm(request.POST, instance=scratch, with_period=False)
        if form.is_valid():
            try:
                reports_services.correct_operating_report(report=report, by=request.user, **form.figures())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, REPORT_CORRECTED % {"month": _month(report.period)})
                return redirect("institutions:report_detail", report.pk)
        return self.render_form(request, report, form)


class ReportStatusListView(RoleRequiredMixin, ListPageView):
    """Who has reported a month: the filed institutions of the user's scope × the month chosen."""

    allowed_roles = STAFF_ROLES
    template_name = "institutions/reports/status_list.html"
    title = gettext_lazy("Operating reports")
    filterset_class = ReportStatusFilter
    context_object_name = "institutions"
    paginate_by = 50
    tab_param = "state"
    tab_field = "report_state"
    tabs = reports_selectors.ReportState.choices
    filter_column = "col-6 col-md-4 col-lg-3"
    filter_columns = {"month": "col-6 col-md-4 col-lg-2"}

    @cached_property
    def month(self) -> tuple[datetime.date, bool]:
        """The month shown (by default, or when unreadable, the one just ended) and whether a future one was asked."""
        default = core_dates.previous_month(self.today)
        try:
            period = MonthField(required=False).clean(self.request.GET.get("month", "")) or default
        except ValidationError:
            period = default
        future = period > core_dates.month_start(self.today)
        return (default if future else period), future

    def get_params(self):
        params = super().get_params()
        params["month"] = _month(self.month[0])
        return params

    def get_queryset(self):
        return reports_selectors.report_status_list(user=self.request.user, period=self.month[0])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period, future = self.month
        later = core_dates.add_months(period, 1)
        due = reports_selectors.report_due_date(period)
        listing = self.listing
        ctx.update(
            period=period,
            future_refused=future,
            due_date=due,
            overdue=self.today > due,
            earlier_query=listing.query_with(month=_month(core_dates.add_months(period, -1))),
            later_query=listing.query_with(month=_month(later)) if later <= core_dates.month_start(self.today) else "",
        )
        return ctx
