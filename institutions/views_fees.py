"""Fee disclosures (收费公示) and operating reports (运营情况报送): the operator's pages and the officials' lists.

Views parse input, call one service, and redirect with a message. Every object is looked up through
for_user(), so anything outside the user's scope is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import STAFF_ROLES, RoleRequiredMixin

from . import selectors_fees as selectors
from . import services_fees as services
from .choices import FeeScheduleStatus
from .forms_fees import (
    FeeItemFormSet,
    FeeScheduleForm,
    FeeStatusFilterForm,
    OperatingReportForm,
    ReportStatusFilterForm,
    fee_item_initial,
)
from .models import FeeSchedule, Institution, OperatingReport
from .permissions import can_edit_institution, is_member

OPERATOR_ONLY = (Role.OPERATOR,)
# Everyone who works with institutions; the system administrator uses the Django admin instead.
PORTAL_ROLES = (Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT)

FEE_DRAFT_STARTED = gettext_lazy("Version %(version)s is a draft now. Check the items and the rules, then publish.")
FEE_DRAFT_CONTINUED = gettext_lazy("Version %(version)s is already being prepared; continue it here.")
FEE_SAVED = gettext_lazy("Version %(version)s is saved as a draft; it is not public until you publish it.")
FEE_PUBLISHED = gettext_lazy("Version %(version)s is published; it is on the public page now.")
FEE_NOT_SAVED = gettext_lazy("Nothing was saved: see the fields marked below.")
REPORT_SUBMITTED = gettext_lazy("The report for %(month)s is submitted.")
REPORT_CORRECTED = gettext_lazy("The report for %(month)s is corrected; the earlier figures stay in its history.")
REPORT_OVER_CAPACITY = gettext_lazy(
    "%(enrolled)s children are enrolled for %(seats)s filed seats: the sub-district/town has been told. "
    "File a change of seats if the institution has grown."
)
REPORT_CANNOT_START = gettext_lazy("%(institution)s is “%(status)s”: operating reports start once it is filed.")


def _month(period) -> str:
    return f"{period:%Y-%m}"


def _add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError beside the fields it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _query(params: QueryDict, **changes) -> str:
    params = params.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    return params.urlencode()


def _institution_for(request, pk: int) -> Institution:
    return get_object_or_404(Institution.objects.for_user(request.user).select_related("jurisdiction"), pk=pk)


# --- Fee disclosures -----------------------------------------------------------------------------------


class FeeHistoryView(RoleRequiredMixin, TemplateView):
    """Every version of an institution's 收费公示: published and superseded (and the operator's draft)."""

    allowed_roles = PORTAL_ROLES
    template_name = "institutions/fees/history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        institution = _institution_for(self.request, kwargs["pk"])
        today = timezone.localdate()
        versions = selectors.fee_history(user=user, institution=institution)
        current = next((v for v in versions if v.status == FeeScheduleStatus.PUBLISHED), None)
        ctx.update(
            institution=institution,
            versions=versions,
            current=current,
            stale_reason=selectors.STALE_REASONS.get(selectors.stale_reason(current, today), ""),
            draft=next((v for v in versions if v.status == FeeScheduleStatus.DRAFT), None),
            can_edit=can_edit_institution(user, institution),
            today=today,
        )
        return ctx


class FeeNewView(RoleRequiredMixin, View):
    """Start the next version: a copy of the published one, or empty (copy=0)."""

    allowed_roles = OPERATOR_ONLY

    def post(self, request, pk):
        institution = _institution_for(request, pk)
        try:
            schedule, created = services.start_fee_schedule(
                institution=institution, by=request.user, copy_current=request.POST.get("copy", "1") != "0"
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("institutions:fee_history", institution.pk)
        text = FEE_DRAFT_STARTED if created else FEE_DRAFT_CONTINUED
        messages.success(request, text % {"version": schedule.version})
        return redirect("institutions:fee_edit", schedule.pk)


def _schedule_for(request, pk: int) -> FeeSchedule:
    return get_object_or_404(
        FeeSchedule.objects.for_user(request.user).select_related(
            "institution", "institution__jurisdiction", "published_by", "created_by"
        ),
        pk=pk,
    )


class FeeDetailView(RoleRequiredMixin, TemplateView):
    """One version: its items by type, its rules and its dates."""

    allowed_roles = PORTAL_ROLES
    template_name = "institutions/fees/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        schedule = _schedule_for(self.request, kwargs["pk"])
        today = timezone.localdate()
        ctx.update(
            schedule=schedule,
            institution=schedule.institution,
            groups=selectors.fee_items_by_type(schedule),
            stale=schedule.is_stale(today),
            stale_reason=selectors.STALE_REASONS.get(selectors.stale_reason(schedule, today), ""),
            can_edit=services.can_edit_fee_schedule(self.request.user, schedule),
            # A new version copies the published one, so it is offered there (not on superseded versions).
            can_start_new=schedule.status == FeeScheduleStatus.PUBLISHED
            and can_edit_institution(self.request.user, schedule.institution),
            history=schedule.history.select_related("history_user").order_by("history_date"),
        )
        return ctx


class FeeEditView(RoleRequiredMixin, View):
    """The operator edits a draft version; "publish" saves and publishes in one step."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/fees/form.html"

    def _draft(self, request, pk) -> FeeSchedule | None:
        schedule = _schedule_for(request, pk)
        if not services.can_edit_fee_schedule(request.user, schedule):
            messages.error(
                request,
                services.FEE_NOT_EDITABLE % {"version": schedule.version, "status": schedule.get_status_display()},
            )
            return None
        return schedule

    def render_page(self, request, schedule, form, formset):
        return render(
            request,
            self.template_name,
            {"schedule": schedule, "institution": schedule.institution, "form": form, "formset": formset},
        )

    def get(self, request, pk):
        schedule = self._draft(request, pk)
        if schedule is None:
            return redirect("institutions:fee_detail", pk)
        form = FeeScheduleForm(instance=schedule)
        formset = FeeItemFormSet(initial=fee_item_initial(schedule), prefix="items")
        return self.render_page(request, schedule, form, formset)

    def post(self, request, pk):
        schedule = self._draft(request, pk)
        if schedule is None:
            return redirect("institutions:fee_detail", pk)
        publish = "publish" in request.POST
        # The form checks a scratch copy: the object we save stays untouched until the service sets it.
        form = FeeScheduleForm(request.POST, instance=FeeSchedule.objects.get(pk=schedule.pk))
        formset = FeeItemFormSet(request.POST, prefix="items", publishing=publish)
        if form.is_valid() and formset.is_valid():
            try:
                services.save_fee_schedule(
                    schedule=schedule,
                    by=request.user,
                    items=formset.items(),
                    publish=publish,
                    **form.schedule_fields(),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                text = FEE_PUBLISHED if publish else FEE_SAVED
                messages.success(request, text % {"version": schedule.version})
                return redirect("institutions:fee_detail", schedule.pk)
        messages.error(request, FEE_NOT_SAVED)
        return self.render_page(request, schedule, form, formset)


class FeePublishView(RoleRequiredMixin, View):
    """Publish a saved draft from its page; what is missing is shown on the edit form."""

    allowed_roles = OPERATOR_ONLY

    def post(self, request, pk):
        schedule = _schedule_for(request, pk)
        try:
            services.publish_fee_schedule(schedule=schedule, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            if services.can_edit_fee_schedule(request.user, schedule):
                return redirect("institutions:fee_edit", schedule.pk)
            return redirect("institutions:fee_detail", schedule.pk)
        messages.success(request, FEE_PUBLISHED % {"version": schedule.version})
        return redirect("institutions:fee_detail", schedule.pk)


class FeeStatusListView(RoleRequiredMixin, TemplateView):
    """The filed institutions of the user's scope and the state of their fee disclosure: none, current, stale."""

    allowed_roles = STAFF_ROLES
    template_name = "institutions/fees/status_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        params = self.request.GET.copy()
        params.pop("page", None)
        form = FeeStatusFilterForm(params or None, user=user)
        base = form.narrow(selectors.fee_status_list(user=user, today=today))
        counts = selectors.fee_state_counts(base)
        state = form.value("state") or ""
        rows = base.filter(fee_state=state) if state else base
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        tabs = [{"state": "", "label": _("All"), "count": counts["all"], "query": _query(params, state="")}]
        tabs += [
            {"state": s.value, "label": s.label, "count": counts[s.value], "query": _query(params, state=s.value)}
            for s in selectors.FeeState
        ]
        ctx.update(
            form=form,
            page_obj=page,
            institutions=selectors.for_fee_display(page.object_list, today),
            tabs=tabs,
            current_state=state,
            query=params.urlencode(),
            today=today,
        )
        return ctx


# --- Operating reports ---------------------------------------------------------------------------------


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
        page = Paginator(selectors.institution_reports(user=user, institution=institution), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        ctx.update(
            institution=institution,
            page_obj=page,
            reports=page.object_list,
            summary=selectors.institution_summary(user=user, institution=institution, today=today),
            is_member=is_member(user, institution),
            can_report=is_member(user, institution) and institution.status in services.REPORT_ALLOWED_STATUSES,
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
        if institution.status not in services.REPORT_ALLOWED_STATUSES:
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
        initial = {"period": services.previous_month(today)}
        last = institution.operating_reports.order_by("-period").first()
        if last:
            initial.update(
                {name: getattr(last, name) for name in services.REPORT_FIGURE_FIELDS if name.startswith("enrolled")},
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
                report = services.submit_operating_report(
                    institution=institution,
                    by=request.user,
                    period=form.cleaned_data["period"],
                    today=today,
                    **form.figures(),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
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
            due_date=services.report_due_date(report.period),
            late=timezone.localdate(report.submitted_at) > services.report_due_date(report.period),
            correctable_until=services.report_correctable_until(report.period),
            can_correct=services.can_correct_report(self.request.user, report, today),
            history=report.history.select_related("history_user").order_by("-history_date"),
        )
        return ctx


class ReportEditView(RoleRequiredMixin, View):
    """The operator corrects a report until the end of the following month."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/reports/form.html"

    def _correctable(self, request, pk) -> OperatingReport | None:
        report = _report_for(request, pk)
        if not services.can_correct_report(request.user, report):
            messages.error(
                request,
                services.REPORT_LOCKED
                % {
                    "month": _month(report.period),
                    "date": services.report_correctable_until(report.period).isoformat(),
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
                services.correct_operating_report(report=report, by=request.user, **form.figures())
            except ValidationError as exc:
                _add_errors(form, exc)
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
        default = services.previous_month(today)
        if not params.get("month"):
            params["month"] = _month(default)
        form = ReportStatusFilterForm(params, user=user)
        period = form.value("month") or default
        future = period > services.month_start(today)
        if future:
            period = default
        base = form.narrow(selectors.report_status_list(user=user, period=period))
        counts = selectors.report_state_counts(base)
        state = form.value("state") or ""
        rows = base.filter(report_state=state) if state else base
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        month_params = params.copy()
        month_params["month"] = _month(period)
        tabs = [{"state": "", "label": _("All"), "count": counts["all"], "query": _query(month_params, state="")}]
        tabs += [
            {"state": s.value, "label": s.label, "count": counts[s.value], "query": _query(month_params, state=s.value)}
            for s in selectors.ReportState
        ]
        earlier = services.add_months(period, -1)
        later = services.add_months(period, 1)
        due = services.report_due_date(period)
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
            later_query=_query(month_params, month=_month(later)) if later <= services.month_start(today) else "",
            query=month_params.urlencode(),
            today=today,
        )
        return ctx
