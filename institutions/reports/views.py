from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import OPERATOR_ONLY, PORTAL_ROLES, STAFF_ROLES, RoleRequiredMixin
from baodi_care.core import dates as core_dates
from baodi_care.core.views import add_service_errors
from institutions import choices as institutions_choices
from institutions.fees.views import _institution_for, _query
from institutions.models import Institution, OperatingReport
from institutions.permissions import is_member
from institutions.reports import selectors as reports_selectors
from institutions.reports import services as reports_services
from institutions.reports.forms import OperatingReportForm, ReportStatusFilterForm
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


class ReportListView(RoleRequiredMixin, TemplateView):
    """An institution's monthly reports, newest first, with the month now due."""

    allowed_roles = PORTAL_ROLES
    template_name = "institutions/reports/list.html"
    paginate_by = 24

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        institution = _institution_for(self.request, kwargs["pk"])
        today = timezone.localdate()
        page = Paginator(
            reports_selectors.institution_reports(user=user, institution=institution), self.paginate_by
        ).get_page(self.request.GET.get("page"))
        ctx.update(
            institution=institution,
            page_obj=page,
            reports=page.object_list,
            summary=templatetags_fees_reports.institution_summary(user=user, institution=institution, today=today),
            is_member=is_member(user, institution),
            can_report=is_member(user, institution)
            and institution.status in institutions_choices.REPORT_ALLOWED_STATUSES,
            today=today,
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


class ReportStatusListView(RoleRequiredMixin, TemplateView):
    """Who has reported a month: the filed institutions of the user's scope × the month chosen."""

    allowed_roles = STAFF_ROLES
    template_name = "institutions/reports/status_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        params = self.request.GET.copy()
        params.pop("page", None)
        default = core_dates.previous_month(today)
        if not params.get("month"):
            params["month"] = _month(default)
        form = ReportStatusFilterForm(params, user=user)
        period = form.value("month") or default
        future = period > core_dates.month_start(today)
        if future:
            period = default
        base = form.narrow(reports_selectors.report_status_list(user=user, period=period))
        counts = reports_selectors.report_state_counts(base)
        state = form.value("state") or ""
        rows = base.filter(report_state=state) if state else base
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        month_params = params.copy()
        month_params["month"] = _month(period)
        tabs = [{"state": "", "label": _("All"), "count": counts["all"], "query": _query(month_params, state="")}]
        tabs += [
            {"state": s.value, "label": s.label, "count": counts[s.value], "query": _query(month_params, state=s.value)}
            for s in reports_selectors.ReportState
        ]
        earlier = core_dates.add_months(period, -1)
        later = core_dates.add_months(period, 1)
        due = reports_selectors.report_due_date(period)
        ctx.update(
            form=form,
            page_obj=page,
            institutions=page.object_list,
            tabs=tabs,
            current_state=state,
            period=period,
            future_refused=future,
            due_date=due,
            overdue=today > due,
            earlier_query=_query(month_params, month=_month(earlier)),
            later_query=_query(month_params, month=_month(later)) if later <= core_dates.month_start(today) else "",
            query=month_params.urlencode(),
            today=today,
        )
        return ctx
