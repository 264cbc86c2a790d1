"""Registered but not filed (登记和备案办法 Art. 6): the list (commission: the district, per 街镇; official: their
街镇), one institution's follow-ups with the official's form, and the commission's reminder to the 街镇."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.permissions import COMMISSION_ONLY, REVIEWER_ROLES, RoleRequiredMixin
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import ScopedObjectMixin
from institutions.models import Institution
from institutions.register.filters import InstitutionSearchFilter
from institutions.unfiled import selectors, services
from institutions.unfiled.forms import FollowUpForm

FOLLOW_UP_SAVED = _("The follow-up has been recorded.")
REMINDED = _("The officials of %(count)s sub-district(s)/town(s) have been reminded.")
NOBODY_TO_REMIND = _("No sub-district/town has an institution registered but not filed, or an official to remind.")


class UnfiledListView(RoleRequiredMixin, ListPageView):
    allowed_roles = REVIEWER_ROLES
    template_name = "institutions/unfiled/list.html"
    selector = selectors.unfiled_registrations
    filterset_class = InstitutionSearchFilter
    title = _("Registered but not filed")
    context_object_name = "institutions"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "per_jurisdiction": selectors.unfiled_by_jurisdiction(user=self.request.user),
            "can_remind": self.request.user.role in COMMISSION_ONLY,
        }


class UnfiledDetailView(RoleRequiredMixin, ScopedObjectMixin, TemplateView):
    """One institution registered but not filed: its registration, the follow-ups so far, the official's form."""

    allowed_roles = REVIEWER_ROLES
    model = Institution
    related = ("jurisdiction", "registration")
    template_name = "institutions/unfiled/detail.html"

    def get_object_queryset(self):
        return selectors.unfiled_registrations(user=self.request.user)

    def page_context(self, obj, **bound_forms) -> dict:
        return {
            "institution": obj,
            "follow_ups": selectors.follow_ups(obj),
            "can_record": services.can_record_follow_up(self.request.user, obj),
            "form": bound_forms.get("form") or FollowUpForm(),
        }

    def post(self, request, pk):
        institution = self.object
        if not services.can_record_follow_up(request.user, institution):
            raise PermissionDenied
        form = FollowUpForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.page_context(institution, form=form))
        services.record_follow_up(institution=institution, by=request.user, **form.cleaned_data)
        messages.success(request, FOLLOW_UP_SAVED)
        return redirect("institutions:unfiled_detail", pk=institution.pk)


class RemindView(RoleRequiredMixin, View):
    allowed_roles = COMMISSION_ONLY

    def post(self, request):
        count = services.remind_jurisdictions(by=request.user)
        if count:
            messages.success(request, REMINDED % {"count": count})
        else:
            messages.info(request, NOBODY_TO_REMIND)
        return redirect("institutions:unfiled_list")
