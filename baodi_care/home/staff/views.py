"""Staff accounts, the commission's pages: the list, a new account, one account's page and its steps."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from baodi_care.accounts.models import User
from baodi_care.accounts.permissions import COMMISSION_ONLY, RoleRequiredMixin
from baodi_care.accounts.staff import selectors, services
from baodi_care.accounts.staff.forms import MoveForm, StaffCreateForm
from baodi_care.accounts.staff.permissions import can_manage_account
from baodi_care.core.lists import ListPageView
from baodi_care.core.views import FORM_NOT_SAVED, ServiceFormView, add_service_errors
from baodi_care.home.staff.filters import ROLE_TABS, StaffFilter


class StaffListView(RoleRequiredMixin, ListPageView):
    allowed_roles = COMMISSION_ONLY
    template_name = "accounts/staff/list.html"
    selector = selectors.staff_accounts
    filterset_class = StaffFilter
    title = _("Staff accounts")
    context_object_name = "accounts"
    tab_param = "role"
    tabs = ROLE_TABS
    paginate_by = 50


class StaffCreateView(RoleRequiredMixin, ServiceFormView):
    allowed_roles = COMMISSION_ONLY
    template_name = "accounts/staff/form.html"
    form_class = StaffCreateForm
    invalid_message = FORM_NOT_SAVED

    def perform(self, form):
        return services.create_staff_user(by=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("staff:detail", args=[self.result.pk])

    def get_success_message(self) -> str:
        return _("The account %(username)s was made; a link to set its password went to %(email)s.") % {
            "username": self.result.username, "email": self.result.email
        }  # fmt: skip


class AccountMixin(RoleRequiredMixin):
    """The account the URL names, among those the commission lists (anything else: 404)."""

    allowed_roles = COMMISSION_ONLY

    @cached_property
    def account(self) -> User:
        return get_object_or_404(selectors.staff_accounts(user=self.request.user), pk=self.kwargs["pk"])


class StaffDetailView(AccountMixin, TemplateView):
    template_name = "accounts/staff/detail.html"

    def get_context_data(self, move_form=None, **kwargs):
        account = self.account
        return {
            **super().get_context_data(**kwargs),
            "account": account,
            "can_manage": can_manage_account(self.request.user, account) and account.pk != self.request.user.pk,
            "move_form": move_form or MoveForm(),
            "history": selectors.account_history(account),
        }


# The steps posted on an account (one URL each, named as the key): the service that takes it, what the user is told.
STEPS = {
    "deactivate": (services.deactivate_user, _("The account was deactivated: it can no longer sign in.")),
    "reactivate": (services.reactivate_user, _("The account was reactivated.")),
    "send_link": (services.send_password_link, _("A new link to set the password was sent.")),
    "reset_second_factor": (
        services.reset_user_second_factor,
        _("The second factor was reset: the user sets up a new authenticator at the next sign-in."),
    ),
}


class StaffStepView(AccountMixin, View):
    """One posted step on an account (`step`, a key of STEPS, given by the URL table): the service, its message,
    back to the account's page."""

    http_method_names = ["post"]
    step = ""

    def post(self, request, pk):
        service, done = STEPS[self.step]
        try:
            service(user=self.account, by=request.user)
        except PermissionDenied:
            messages.error(request, services.NOT_MANAGED)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
        return redirect("staff:detail", pk=pk)


class StaffMoveView(StaffDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = MoveForm(request.POST)
        if form.is_valid():
            try:
                services.move_official(
                    user=self.account, jurisdiction=form.cleaned_data["jurisdiction"], by=request.user
                )
            except PermissionDenied:
                messages.error(request, services.NOT_MANAGED)
                return redirect("staff:detail", pk=pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("The official now works in %(name)s.") % {"name": form.cleaned_data["jurisdiction"].name}
                )
                return redirect("staff:detail", pk=pk)
        return self.render_to_response(self.get_context_data(move_form=form))
