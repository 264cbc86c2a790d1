"""Pages of the members room: the operator's first steps, claims (started, coded, decided), an institution's members
and its owner's invitations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import OPERATOR_ONLY, RoleRequiredMixin
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import FORM_NOT_SAVED, ScopedObjectMixin, ServiceFormView, add_service_errors
from institutions.choices import ClaimMethod, ClaimStatus
from institutions.members import selectors, services
from institutions.members.forms import ClaimCodeForm, ClaimDecisionForm, ClaimForm, InviteForm
from institutions.models import Institution, InstitutionClaim, Invitation, Membership
from institutions.permissions import can_decide_claim, is_owner

CLAIM_ROLES = (Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION)


class OnboardingView(RoleRequiredMixin, TemplateView):
    """After sign-up: register a new institution, or claim one the register holds."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/members/onboarding.html"


class ClaimStartView(RoleRequiredMixin, ServiceFormView):
    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/members/claim_form.html"
    form_class = ClaimForm
    invalid_message = FORM_NOT_SAVED

    def perform(self, form):
        return services.start_claim(by=self.request.user, **form.cleaned_data)

    def get_success_message(self) -> str:
        if self.result.method == ClaimMethod.CODE:
            return _("A code was sent to the institution's contact on record (%(to)s). Type it below.") % {
                "to": self.result.sent_to
            }
        return _("Your claim was sent to the sub-district/town, which will approve or refuse it.")


class ClaimListView(RoleRequiredMixin, ListPageView):
    allowed_roles = CLAIM_ROLES
    template_name = "institutions/members/claim_list.html"
    selector = selectors.claims
    title = _("Claims of institutions")
    context_object_name = "claims"
    tab_param = "status"
    tabs = ClaimStatus.choices

    def get_default_tab(self) -> str:
        return ClaimStatus.PENDING


class ClaimMixin(RoleRequiredMixin, ScopedObjectMixin):
    allowed_roles = CLAIM_ROLES
    model = InstitutionClaim
    related = ("institution", "claimant", "decided_by")
    template_name = "institutions/members/claim_detail.html"

    def page_context(self, obj, **bound_forms) -> dict:
        user = self.request.user
        return {
            "claim": obj,
            "can_enter_code": obj.is_pending and obj.method == ClaimMethod.CODE and obj.claimant_id == user.pk,
            "can_decide": can_decide_claim(user, obj),
            "code_form": bound_forms.get("code_form") or ClaimCodeForm(),
            "decision_form": bound_forms.get("decision_form") or ClaimDecisionForm(),
        }


class ClaimDetailView(ClaimMixin, TemplateView):
    pass


class ClaimCodeView(ClaimMixin, TemplateView):
    """The claimant posts the code; a wrong one shows the page again with the number of tries counted."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = ClaimCodeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.page_context(self.object, code_form=form))
        try:
            services.enter_claim_code(claim=self.object, code=form.cleaned_data["code"], by=request.user)
        except PermissionDenied:
            messages.error(request, services.CLAIM_NOT_PENDING)
            return redirect(self.object)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_to_response(self.page_context(self.object, code_form=form))
        messages.success(request, _("The code is right: you are now the owner of this institution in the portal."))
        return redirect(self.object.institution)


class ClaimDecideView(ClaimMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ClaimDecisionForm(request.POST)
        action = request.POST.get("action")
        if not form.is_valid() or action not in ("approve", "refuse"):
            return self.render_to_response(self.page_context(self.object, decision_form=form))
        try:
            services.decide_claim(
                claim=self.object, by=request.user, approve=action == "approve", note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.object)
        messages.success(request, _("The claim was approved.") if action == "approve" else _("The claim was refused."))
        return redirect("institutions:claim_list")


class MembersView(RoleRequiredMixin, ScopedObjectMixin, TemplateView):
    """An institution's members and open invitations; its owner invites (POST) from here."""

    allowed_roles = OPERATOR_ONLY
    model = Institution
    template_name = "institutions/members/members.html"

    def page_context(self, obj, **bound_forms) -> dict:
        return {
            "institution": obj,
            "members": selectors.members_of(obj),
            "invitations": selectors.open_invitations(obj),
            "is_owner": is_owner(self.request.user, obj),
            "form": bound_forms.get("form") or InviteForm(),
        }

    def post(self, request, pk):
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                invitation = services.invite_member(
                    institution=self.object, email=form.cleaned_data["email"], by=request.user
                )
            except PermissionDenied:
                messages.error(request, services.NOT_OWNER)
                return redirect("institutions:members", pk=pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
                return redirect("institutions:members", pk=pk)
        return self.render_to_response(self.page_context(self.object, form=form))


class MemberRemoveView(RoleRequiredMixin, ScopedObjectMixin, View):
    allowed_roles = OPERATOR_ONLY
    model = Membership
    related = ("institution", "user")
    http_method_names = ["post"]

    def post(self, request, pk):
        membership = self.object
        try:
            services.remove_member(membership=membership, by=request.user)
        except PermissionDenied:
            messages.error(request, services.NOT_OWNER)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s was removed.") % {"name": membership.user.get_full_name()})
        return redirect("institutions:members", pk=membership.institution_id)


class InvitationWithdrawView(RoleRequiredMixin, ScopedObjectMixin, View):
    allowed_roles = OPERATOR_ONLY
    model = Invitation
    related = ("institution",)
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.withdraw_invitation(invitation=self.object, by=request.user)
        except PermissionDenied:
            messages.error(request, services.NOT_OWNER)
        else:
            messages.success(request, _("The invitation was withdrawn."))
        return redirect("institutions:members", pk=self.object.institution_id)


class InvitationAcceptView(TemplateView):
    """The invited colleague, signed in (the login page offers sign-up), accepts with a button."""

    template_name = "institutions/members/invitation.html"

    def get_context_data(self, **kwargs):
        invitation = services.invitation_for(self.kwargs["token"])
        return {**super().get_context_data(**kwargs), "invitation": invitation, "message": services.INVITATION_INVALID}

    def post(self, request, token):
        try:
            membership = services.accept_invitation(token=token, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("institutions:invitation_accept", token=token)
        messages.success(request, _("You now run %(name)s in the portal.") % {"name": membership.institution.name})
        return redirect(membership.institution)
