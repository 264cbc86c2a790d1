"""The second factor's pages: its overview on the profile, setting up an authenticator (with its QR code drawn here,
never by an outside service), the code asked after the password, and the recovery codes, shown once."""

from __future__ import annotations

import io
from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import RoleRequiredMixin
from baodi_care.accounts.second_factor import services
from baodi_care.accounts.second_factor.forms import AuthenticatorCodeForm, CodeForm
from baodi_care.accounts.second_factor.middleware import second_factor_exempt
from baodi_care.accounts.second_factor.policy import has_second_factor, is_verified, requires_second_factor
from baodi_care.accounts.security_log.choices import SecurityAction as Logged
from baodi_care.accounts.security_log.choices import SecurityOutcome
from baodi_care.accounts.security_log.recorder import record
from baodi_care.accounts.sessions import ROW as SESSION_ROW
from baodi_care.accounts.sessions import follow_key

NEW_CODES_KEY = "second_factor_new_codes"


def next_url(request) -> str:
    """Where to go once done: a same-site `next`, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("home")


def with_next(name: str, request) -> str:
    url = reverse(name)
    target = request.POST.get("next") or request.GET.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url


def may_set_up(request) -> bool:
    """A new authenticator may be set up by whoever has none yet, or in a session that passed the current one: a
    stolen password alone must never replace someone's authenticator."""
    return is_verified(request.user) or not has_second_factor(request.user)


def grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


class SecondFactorView(LoginRequiredMixin, TemplateView):
    """The account's second factor: whether it is set up, recovery codes left, what can be done."""

    template_name = "accounts/otp/overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        authenticator = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            authenticator=authenticator,
            codes_left=services.codes_left(user),
            required=requires_second_factor(user),
        )
        return ctx


@method_decorator([never_cache, second_factor_exempt], name="dispatch")
class EnrolView(LoginRequiredMixin, FormView):
    """Set up an authenticator app: scan the QR code (or type the secret), then enter the code the app shows."""

    template_name = "accounts/otp/enrol.html"
    form_class = AuthenticatorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_set_up(request):
            return redirect(with_next("accounts:second_factor_verify", request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = services.pending_authenticator(user=self.request.user)
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            device=device,
            secret=grouped(b32encode(device.bin_key).decode()),
            required=requires_second_factor(self.request.user),
            replacing=has_second_factor(self.request.user),
            next=self.request.POST.get("next") or self.request.GET.get("next", ""),
        )
        return ctx

    def form_valid(self, form):
        request = self.request
        pending = services.pending_authenticator(user=request.user)
        try:
            device, codes = services.confirm_authenticator(
                user=request.user,
                device_id=pending.pk,
                code=form.cleaned_data["code"],
                keep_session=request.session.get(SESSION_ROW),
            )
        except ValidationError as exc:
            record(Logged.SECOND_FACTOR_ENROL, outcome=SecurityOutcome.FAILURE)
            form.add_error("code", exc.messages)
            return self.form_invalid(form)
        _signed_in_with(request, device)
        request.session[NEW_CODES_KEY] = codes
        messages.success(request, _("Your authenticator app is set up. Keep the recovery codes below somewhere safe."))
        return redirect(with_next("accounts:second_factor_recovery_codes", request))


@method_decorator([never_cache, second_factor_exempt], name="dispatch")
class QRCodeView(LoginRequiredMixin, View):
    """The pending authenticator's otpauth:// address as a QR code (SVG), drawn here: the secret never leaves."""

    def get(self, request):
        if not may_set_up(request):
            raise Http404
        device = services.pending_authenticator(user=request.user)
        out = io.BytesIO()
        segno.make(device.config_url, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False)
        response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
        response["Content-Disposition"] = "inline"
        return response


@method_decorator([never_cache, second_factor_exempt], name="dispatch")
class VerifyView(LoginRequiredMixin, FormView):
    """After the password: the code from the authenticator app, or a recovery code."""

    template_name = "accounts/otp/verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if is_verified(request.user):
                return redirect(next_url(request))
            if not has_second_factor(request.user):
                if requires_second_factor(request.user):
                    return redirect(with_next("accounts:second_factor_enrol", request))
                return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["next"] = self.request.POST.get("next") or self.request.GET.get("next", "")
        return ctx

    def form_valid(self, form):
        try:
            device = services.verify_second_factor(user=self.request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            record(Logged.SECOND_FACTOR, outcome=SecurityOutcome.FAILURE)
            form.add_error("code", exc.messages)
            return self.form_invalid(form)
        _signed_in_with(self.request, device)
        return redirect(next_url(self.request))


def _signed_in_with(request, device) -> None:
    """The session passed the second factor: a new session key, as for any raise of privilege."""
    request.session.cycle_key()
    follow_key(request)
    otp_login(request, device)


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(LoginRequiredMixin, TemplateView):
    """New recovery codes, shown once (they are not shown again); a POST replaces them."""

    template_name = "accounts/otp/recovery_codes.html"

    def get(self, request, *args, **kwargs):
        if not has_second_factor(request.user):
            return redirect("accounts:second_factor")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            codes=[grouped(code) for code in self.request.session.pop(NEW_CODES_KEY, [])],
            codes_left=services.codes_left(self.request.user),
            next=next_url(self.request),
        )
        return ctx

    def post(self, request):
        if not has_second_factor(request.user):
            messages.info(request, _("Set up an authenticator app first; recovery codes come with it."))
            return redirect("accounts:second_factor")
        request.session[NEW_CODES_KEY] = services.reissue_recovery_codes(
            user=request.user, keep_session=request.session.get(SESSION_ROW)
        )
        messages.success(request, _("New recovery codes issued; the old ones no longer work."))
        return redirect("accounts:second_factor_recovery_codes")


class TurnOffView(LoginRequiredMixin, RoleRequiredMixin, View):
    """An operator turns their second factor off (it is theirs to choose; staff must keep theirs)."""

    allowed_roles = (Role.OPERATOR,)

    def post(self, request):
        if not has_second_factor(request.user):
            messages.info(request, _("Your account has no second factor to turn off."))
            return redirect("accounts:second_factor")
        try:
            services.turn_off_second_factor(user=request.user, keep_session=request.session.get(SESSION_ROW))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("accounts:second_factor")
        messages.success(request, _("The second factor is turned off: signing in asks only for your password."))
        return redirect("accounts:second_factor")
