"""Sign-up pages: the form (a limit per client address), the "check your mail" page, the verification link."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from baodi_care.accounts.network import client_ip
from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.recorder import record
from baodi_care.accounts.signup.forms import SignUpForm
from baodi_care.accounts.signup.services import activate_signup, sign_up
from baodi_care.accounts.signup.tokens import user_for_verification

SIGNUP_RATE_LIMITED = _("Too many sign-ups from your connection. Please try again in an hour.")
LINK_INVALID = _("This link is invalid, has expired or has already been used.")
ACCOUNT_ACTIVATED = _("Your e-mail address is confirmed and your account is active. Please sign in.")
RATE_WINDOW_SECONDS = 3600


def _rate_key(request) -> str:
    return "signup-rate:" + hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]


def _recent(key: str, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if now - t < RATE_WINDOW_SECONDS]


def rate_limited(request) -> bool:
    """Has this address signed up the most times allowed within the hour? (0 in settings: no limit.)"""
    limit = settings.SIGNUP_RATE_LIMIT_PER_HOUR
    return limit > 0 and len(_recent(_rate_key(request), time.time())) >= limit


def count_signup(request) -> None:
    key, now = _rate_key(request), time.time()
    cache.set(key, [*_recent(key, now), now], RATE_WINDOW_SECONDS)


@method_decorator(login_not_required, name="dispatch")
class SignUpView(FormView):
    template_name = "accounts/signup/form.html"
    form_class = SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if rate_limited(request):
            record(SecurityAction.RATE_LIMITED, outcome=SecurityOutcome.REFUSED, detail="sign-up")
            return self.response_class(
                request=request, template=["accounts/signup/rate_limited.html"],
                context={"message": SIGNUP_RATE_LIMITED}, status=429,
            )  # fmt: skip
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        count_signup(self.request)
        data = form.cleaned_data
        sign_up(full_name=data["full_name"], phone=data["phone"], email=data["email"], password=data["password1"])
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
