"""Fee disclosures (收费公示): an institution's versions, one version, the operator's draft, and the officials' list.

Views parse input, call one service, and redirect with a message. Every object is looked up through
for_user(), so anything outside the user's scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import OPERATOR_ONLY, RECORD_ROLES, RoleRequiredMixin
from baodi_care.core.views import FORM_NOT_SAVED, RefusalMixin, ScopedObjectMixin, ServiceActionView, add_service_errors
from institutions.choices import FeeScheduleStatus
from institutions.fees import selectors, services
from institutions.fees.forms import FeeItemFormSet, FeeScheduleForm, fee_item_initial
from institutions.models import FeeSchedule
from institutions.permissions import can_edit_institution
from institutions.register.filters import InstitutionSearchFilter
from institutions.register.views import DutyStatusListView, InstitutionMixin

FEE_DRAFT_STARTED = _("Version %(version)s is a draft now. Check the items and the rules, then publish.")
FEE_DRAFT_CONTINUED = _("Version %(version)s is already being prepared; continue it here.")
FEE_SAVED = _("Version %(version)s is saved as a draft; it is not public until you publish it.")
FEE_PUBLISHED = _("Version %(version)s is published; it is on the public page now.")


class FeeHistoryView(RoleRequiredMixin, InstitutionMixin, TemplateView):
    """Every version of an institution's 收费公示: published and superseded (and the operator's draft)."""

    allowed_roles = RECORD_ROLES
    template_name = "institutions/fees/history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, institution = self.request.user, self.object
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


class FeeNewView(RoleRequiredMixin, InstitutionMixin, ServiceActionView):
    """Start the next version: a copy of the published one, or empty (copy=0)."""

    allowed_roles = OPERATOR_ONLY

    def get_failure_url(self) -> str:
        return reverse("institutions:fee_history", args=[self.object.pk])

    def perform(self):
        copy_current = self.request.POST.get("copy", "1") != "0"
        return services.start_fee_schedule(institution=self.object, by=self.request.user, copy_current=copy_current)

    def get_success_message(self, result) -> str:
        schedule, created = result
        return (FEE_DRAFT_STARTED if created else FEE_DRAFT_CONTINUED) % {"version": schedule.version}

    def get_success_url(self, result) -> str:
        schedule, _created = result
        return reverse("institutions:fee_edit", args=[schedule.pk])


class FeeScheduleMixin(ScopedObjectMixin):
    model = FeeSchedule
    related = ("institution", "institution__jurisdiction", "published_by", "created_by")


class FeeDetailView(RoleRequiredMixin, FeeScheduleMixin, TemplateView):
    """One version: its items by type, its rules and its dates."""

    allowed_roles = RECORD_ROLES
    template_name = "institutions/fees/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        schedule, user = self.object, self.request.user
        today = timezone.localdate()
        ctx.update(
            schedule=schedule,
            institution=schedule.institution,
            groups=selectors.fee_items_by_type(schedule),
            stale=schedule.is_stale(today),
            stale_reason=selectors.STALE_REASONS.get(selectors.stale_reason(schedule, today), ""),
            can_edit=services.can_edit_fee_schedule(user, schedule),
            # A new version copies the published one, so it is offered there (not on superseded versions).
            can_start_new=schedule.status == FeeScheduleStatus.PUBLISHED
            and can_edit_institution(user, schedule.institution),
            history=schedule.history.select_related("history_user").order_by("history_date"),
        )
        return ctx


class FeeEditView(RoleRequiredMixin, RefusalMixin, FeeScheduleMixin, View):
    """The operator edits a draft version; "publish" saves and publishes in one step."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/fees/form.html"

    def refusal(self) -> str:
        schedule = self.object
        if services.can_edit_fee_schedule(self.request.user, schedule):
            return ""
        return services.FEE_NOT_EDITABLE % {"version": schedule.version, "status": schedule.get_status_display()}

    def render_page(self, form, formset):
        schedule = self.object
        context = {"schedule": schedule, "institution": schedule.institution, "form": form, "formset": formset}
        return render(self.request, self.template_name, context)

    def get(self, request, pk):
        refused = self.refuse()
        if refused:
            return refused
        form = FeeScheduleForm(instance=self.object)
        formset = FeeItemFormSet(initial=fee_item_initial(self.object), prefix="items")
        return self.render_page(form, formset)

    def post(self, request, pk):
        refused = self.refuse()
        if refused:
            return refused
        schedule = self.object
        publish = "publish" in request.POST
        form = FeeScheduleForm(request.POST, instance=self.form_instance())
        formset = FeeItemFormSet(request.POST, prefix="items", publishing=publish)
        if form.is_valid() and formset.is_valid():
            try:
                services.save_fee_schedule(
                    schedule=schedule, by=request.user, items=formset.items(), publish=publish, **form.schedule_fields()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                text = FEE_PUBLISHED if publish else FEE_SAVED
                messages.success(request, text % {"version": schedule.version})
                return redirect(schedule)
        messages.error(request, FORM_NOT_SAVED)
        return self.render_page(form, formset)


class FeePublishView(RoleRequiredMixin, FeeScheduleMixin, ServiceActionView):
    """Publish a saved draft from its page; what is missing is shown on the edit form."""

    allowed_roles = OPERATOR_ONLY

    def get_failure_url(self) -> str:
        if services.can_edit_fee_schedule(self.request.user, self.object):
            return reverse("institutions:fee_edit", args=[self.object.pk])
        return self.object.get_absolute_url()

    def perform(self):
        return services.publish_fee_schedule(schedule=self.object, by=self.request.user)

    def get_success_message(self, result) -> str:
        return FEE_PUBLISHED % {"version": self.object.version}


class FeeStatusListView(DutyStatusListView):
    """The filed institutions of the user's scope and the state of their fee disclosure: none, current, stale."""

    template_name = "institutions/fees/status_list.html"
    title = _("Fee disclosures")
    filterset_class = InstitutionSearchFilter
    tab_field = "fee_state"
    tabs = selectors.FeeState.choices

    def get_queryset(self):
        return selectors.fee_status_list(user=self.request.user, today=self.today)

    def decorate(self, rows):
        return selectors.for_fee_display(rows, self.today)
