"""Monthly operating reports (运营情况报送): an institution's reports, reporting and correcting a month, one report,
and the officials' list of who has reported."""

from __future__ import annotations

import datetime
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import OPERATOR_ONLY, RECORD_ROLES, RoleRequiredMixin
from baodi_care.core import dates
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import ScopedObjectMixin, ServiceFormView
from institutions.choices import REPORT_ALLOWED_STATUSES
from institutions.models import OperatingReport
from institutions.permissions import is_member
from institutions.register.views import DutyStatusListView, InstitutionMixin
from institutions.reports import selectors, services
from institutions.reports.filters import ReportStatusFilter
from institutions.reports.forms import MonthField, OperatingReportForm
from institutions.templatetags.fees_reports import institution_summary

REPORT_SUBMITTED = _("The report for %(month)s is submitted.")
REPORT_CORRECTED = _("The report for %(month)s is corrected; the earlier figures stay in its history.")
REPORT_OVER_CAPACITY = _(
    "%(enrolled)s children are enrolled for %(seats)s filed seats: the sub-district/town has been told. "
    "File a change of seats if the institution has grown."
)
REPORT_CANNOT_START = _("%(institution)s is “%(status)s”: operating reports start once it is filed.")


def _month(period) -> str:
    return f"{period:%Y-%m}"


class ReportListView(RoleRequiredMixin, InstitutionMixin, ListPageView):
    """An institution's monthly reports, newest first, with the month now due."""

    allowed_roles = RECORD_ROLES
    template_name = "institutions/reports/list.html"
    title = _("Operating reports")
    context_object_name = "reports"
    paginate_by = 24

    def get_queryset(self):
        return selectors.institution_reports(user=self.request.user, institution=self.object)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, institution = self.request.user, self.object
        member = is_member(user, institution)
        ctx.update(
            institution=institution,
            summary=institution_summary(user=user, institution=institution, today=self.today),
            is_member=member,
            can_report=member and institution.status in REPORT_ALLOWED_STATUSES,
        )
        return ctx


class ReportCreateView(RoleRequiredMixin, InstitutionMixin, ServiceFormView):
    """The operator reports a month (by default the one just ended)."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/reports/form.html"
    form_class = OperatingReportForm

    @cached_property
    def today(self) -> datetime.date:
        return timezone.localdate()

    def refusal(self) -> str:
        institution = self.object
        if institution.status in REPORT_ALLOWED_STATUSES:
            return ""
        return REPORT_CANNOT_START % {"institution": institution.name, "status": institution.get_status_display()}

    def get_initial(self):
        initial = {"period": dates.previous_month(self.today)}
        last = self.object.operating_reports.order_by("-period").first()
        if last:
            initial.update(
                {name: getattr(last, name) for name in services.REPORT_FIGURE_FIELDS if name.startswith("enrolled")},
                staff_on_duty=last.staff_on_duty,
                caregivers_on_duty=last.caregivers_on_duty,
            )
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "today": self.today}

    def perform(self, form):
        return services.submit_operating_report(
            institution=self.object,
            by=self.request.user,
            period=form.cleaned_data["period"],
            today=self.today,
            **form.figures(),
        )

    def get_success_message(self) -> str:
        return REPORT_SUBMITTED % {"month": _month(self.result.period)}

    def form_valid(self, form):
        response = super().form_valid(form)
        report = self.result
        if report is not None and report.over_capacity:
            messages.warning(
                self.request, REPORT_OVER_CAPACITY % {"enrolled": report.enrolled, "seats": report.seats_at_submission}
            )
        return response

    def get_context_data(self, **kwargs):
        institution = self.object
        total_seats = sum(institution.classes.values_list("seats", flat=True))
        return {
            **super().get_context_data(**kwargs),
            "institution": institution,
            "report": None,
            "total_seats": total_seats,
        }


class ReportMixin(ScopedObjectMixin):
    model = OperatingReport
    related = ("institution", "institution__jurisdiction", "submitted_by")


class ReportDetailView(RoleRequiredMixin, ReportMixin, TemplateView):
    """One month's report, the seats it was measured against, and its corrections."""

    allowed_roles = RECORD_ROLES
    template_name = "institutions/reports/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        today = timezone.localdate()
        due_date = selectors.report_due_date(report.period)
        ctx.update(
            report=report,
            institution=report.institution,
            due_date=due_date,
            late=timezone.localdate(report.submitted_at) > due_date,
            correctable_until=selectors.report_correctable_until(report.period),
            can_correct=selectors.can_correct_report(self.request.user, report, today),
            history=report.history.select_related("history_user").order_by("-history_date"),
        )
        return ctx


class ReportEditView(RoleRequiredMixin, ReportMixin, ServiceFormView):
    """The operator corrects a report until the end of the following month."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/reports/form.html"
    form_class = OperatingReportForm

    def refusal(self) -> str:
        report = self.object
        if selectors.can_correct_report(self.request.user, report):
            return ""
        until = selectors.report_correctable_until(report.period).isoformat()
        return services.REPORT_LOCKED % {"month": _month(report.period), "date": until}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.form_instance(), "with_period": False}

    def perform(self, form):
        return services.correct_operating_report(report=self.object, by=self.request.user, **form.figures())

    def get_success_message(self) -> str:
        return REPORT_CORRECTED % {"month": _month(self.object.period)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "institution": self.object.institution, "report": self.object}


class ReportStatusListView(DutyStatusListView):
    """Who has reported a month: the filed institutions of the user's scope × the month chosen."""

    template_name = "institutions/reports/status_list.html"
    title = _("Operating reports")
    filterset_class = ReportStatusFilter
    tab_field = "report_state"
    tabs = selectors.ReportState.choices
    filter_columns = {"month": "col-6 col-md-4 col-lg-2"}

    @cached_property
    def month(self) -> tuple[datetime.date, bool]:
        """The month shown (by default, or when unreadable, the one just ended) and whether a future one was asked."""
        default = dates.previous_month(self.today)
        try:
            period = MonthField(required=False).clean(self.request.GET.get("month", "")) or default
        except ValidationError:
            period = default
        future = period > dates.month_start(self.today)
        return (default if future else period), future

    def get_params(self):
        params = super().get_params()
        params["month"] = _month(self.month[0])
        return params

    def get_queryset(self):
        return selectors.report_status_list(user=self.request.user, period=self.month[0])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period, future = self.month
        later = dates.add_months(period, 1)
        due = selectors.report_due_date(period)
        listing = self.listing
        ctx.update(
            period=period,
            future_refused=future,
            due_date=due,
            overdue=self.today > due,
            earlier_query=listing.query_with(month=_month(dates.add_months(period, -1))),
            later_query=listing.query_with(month=_month(later)) if later <= dates.month_start(self.today) else "",
        )
        return ctx
