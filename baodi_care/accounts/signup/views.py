"""Sign-up pages: the form (a limit per client address), the "check your mail" page, the verification link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from baodi_care.accounts import ratelimit
from baodi_care.accounts.network import client_ip
from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.recorder import record
from baodi_care.accounts.signup.forms import SignUpForm
from baodi_care.accounts.signup.services import activate_signup, sign_up
from baodi_care.accounts.signup.tokens import user_for_verification

SIGNUP_RATE_LIMITED = _("Too many sign-ups from your connection. Please try again in an hour.")
LINK_INVALID = _("This link is invalid, has expired or has already been used.")
ACCOUNT_ACTIVATED = _("Your e-mail address is confirmed and your account is active. Please sign in.")
RATE_SCOPE = "signup"  # sign-ups per client address and hour (baodi_care.accounts.ratelimit)


@method_decorator(login_not_required, name="dispatch")
class SignUpView(FormView):
    template_name = "accounts/signup/form.html"
    form_class = SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # The sign-up is counted now, in one step with the check (two app processes cannot both take the last
        # one), and given back unless it goes through: an invalid form costs nothing.
        token = ratelimit.take(RATE_SCOPE, client_ip(request), settings.SIGNUP_RATE_LIMIT_PER_HOUR)
        if token is None:
            record(SecurityAction.RATE_LIMITED, outcome=SecurityOutcome.REFUSED, detail="sign-up")
            return self.response_class(
                request=request, template=["accounts/signup/rate_limited.html"],
                context={"message": SIGNUP_RATE_LIMITED}, status=429,
            )  # fmt: skip
        self.signed_up = False
        try:
            return super().post(request, *args, **kwargs)
        finally:
            if not self.signed_up:
                ratelimit.give_back(RATE_SCOPE, client_ip(request), token)

    def form_valid(self, form):
        data = form.cleaned_data
        sign_up(full_name=data["full_name"], phone=data["phone"], email=data["email"], password=data["password1"])
        self.signed_up = True
        return redirect("accounts:signup_sent")


@method_decorator(login_not_required, name="dispatch")
class SignUpSentView(TemplateView):
    """The same page whether the address was new or in use (sign-up reveals no account)."""

    template_name = "accounts/signup/sent.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hours": settings.SIGNUP_VERIFY_HOURS}


@method_decorator(login_not_required, name="dispatch")
class SignUpVerifyView(TemplateView):
    """GET shows a button, POST activates: a mail scanner that opens the link activates nothing."""

    template_name = "accounts/signup/verify.html"

    def get_context_data(self, **kwargs):
        user = user_for_verification(self.kwargs["token"])
        return {**super().get_context_data(**kwargs), "valid": user is not None, "message": LINK_INVALID}

    def post(self, request, token):
        user = user_for_verification(token)
        if user is None:
            return redirect("accounts:signup_verify", token=token)
        activate_signup(user=user)
        messages.success(request, ACCOUNT_ACTIVATED)
        return redirect(f"{reverse('accounts:login')}?next={reverse('institutions:onboarding')}")
