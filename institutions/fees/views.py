"""Fee disclosures (收费公示) and operating reports (运营情况报送): the operator's pages and the officials' lists.

Views parse input, call one service, and redirect with a message. Every object is looked up through
for_user(), so anything outside the user's scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import OPERATOR_ONLY, PORTAL_ROLES, STAFF_ROLES, RoleRequiredMixin
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import add_service_errors
from institutions.choices import FeeScheduleStatus
from institutions.fees import selectors, services
from institutions.fees.forms import FeeItemFormSet, FeeScheduleForm, fee_item_initial
from institutions.models import FeeSchedule, Institution
from institutions.permissions import can_edit_institution
from institutions.register.filters import InstitutionSearchFilter

FEE_DRAFT_STARTED = gettext_lazy("Version %(version)s is a draft now. Check the items and the rules, then publish.")


FEE_DRAFT_CONTINUED = gettext_lazy("Version %(version)s is already being prepared; continue it here.")


FEE_SAVED = gettext_lazy("Version %(version)s is saved as a draft; it is not public until you publish it.")


FEE_PUBLISHED = gettext_lazy("Version %(version)s is published; it is on the public page now.")


FEE_NOT_SAVED = gettext_lazy("Nothing was saved: see the fields marked below.")


def _institution_for(request, pk: int) -> Institution:
    return get_object_or_404(Institution.objects.for_user(request.user).select_related("jurisdiction"), pk=pk)


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
                add_service_errors(form, exc)
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


class FeeStatusListView(RoleRequiredMixin, ListPageView):
    """The filed institutions of the user's scope and the state of their fee disclosure: none, current, stale."""

    allowed_roles = STAFF_ROLES
    template_name = "institutions/fees/status_list.html"
    title = gettext_lazy("Fee disclosures")
    filterset_class = InstitutionSearchFilter
    context_object_name = "institutions"
    paginate_by = 50
    tab_param = "state"
    tab_field = "fee_state"
    tabs = selectors.FeeState.choices
    filter_column = "col-6 col-md-4 col-lg-3"

    def get_queryset(self):
        return selectors.fee_status_list(user=self.request.user, today=self.today)

    def decorate(self, rows):
        return selectors.for_fee_display(rows, self.today)
