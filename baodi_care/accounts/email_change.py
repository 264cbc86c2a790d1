"""Changing one's e-mail address: it takes the current password and a link sent to the new address; nothing changes
until the link is followed, and the old address is told (when asked, and when done).

The link carries a signed token (user, old address, new address) that works EMAIL_CHANGE_LINK_HOURS and only while
the account still has the old address, so it works once.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from baodi_care.accounts import reauth
from baodi_care.accounts.models import User
from baodi_care.accounts.security_log.choices import SecurityAction
from baodi_care.accounts.security_log.recorder import record_account_change

SALT = "baodi_care.accounts.email-change"

WRONG_PASSWORD = reauth.WRONG_PASSWORD
TOO_MANY_TRIES = reauth.TOO_MANY_TRIES
LINK_INVALID = gettext_lazy("This confirmation link is not valid or has expired. Ask for a new one from your profile.")
ADDRESS_TAKEN = gettext_lazy("This e-mail address belongs to another account.")
LINK_SENT = gettext_lazy(
    "We have sent a confirmation link to %(email)s. Your e-mail address changes when you follow it."
)
CHANGED = gettext_lazy("Your e-mail address is now %(email)s.")


# --- Services --------------------------------------------------------------------------------------------------


def make_token(user: User, new_email: str) -> str:
    return signing.dumps({"u": user.pk, "old": user.email, "new": new_email}, salt=SALT, compress=True)


def read_token(user: User, token: str) -> str | None:
    """The new address the token asks for, if it is this user's, unexpired and still pending (else None)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.EMAIL_CHANGE_LINK_HOURS * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("old") != user.email:
        return None
    return data.get("new") or None


def _send(subject: str, body: str, address: str) -> None:
    if address:
        # Mail trouble must never undo or block the step that was just saved.
        transaction.on_commit(
            lambda: send_mail(" ".join(subject.split())[:78], body, None, [address], fail_silently=True)
        )


def request_email_change(*, user: User, new_email: str) -> str:
    """Send the confirmation link to the new address and tell the old one; the account does not change yet."""
    token = make_token(user, new_email)
    record_account_change(SecurityAction.EMAIL_CHANGE_REQUESTED, account=user, by=user, detail=f"to {new_email}")
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse("accounts:email_confirm", args=[token])
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _("Confirm your new e-mail address"),
            _(
                "To make %(email)s the e-mail address of your account %(username)s on the Baodi Childcare portal, "
                "sign in and open this link within %(hours)s hours:"
            )
            % {"email": new_email, "username": user.get_username(), "hours": settings.EMAIL_CHANGE_LINK_HOURS}
            + f"\n{link}\n\n"
            + _("If you did not ask for this, ignore this e-mail."),
            new_email,
        )
        _send(
            _("A change of your e-mail address was asked for"),
            _(
                "Someone signed in as %(username)s asked to change the e-mail address of the account to %(email)s. "
                "If it was not you, change your password now and tell your system administrator."
            )
            % {"email": new_email, "username": user.get_username()},
            user.email,
        )
    return token


@transaction.atomic
def confirm_email_change(*, user: User, token: str) -> User:
    """Make the token's new address the user's, and tell the old address."""
    user = User.objects.select_for_update().get(pk=user.pk)
    new_email = read_token(user, token)
    if new_email is None:
        raise ValidationError(LINK_INVALID, code="invalid_link")
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ValidationError(ADDRESS_TAKEN, code="address_taken")
    old_email = user.email
    user.email = new_email
    user._history_user = user
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email"])
    record_account_change(SecurityAction.EMAIL_CHANGED, account=user, by=user, detail=f"{old_email} → {new_email}")
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _("Your e-mail address was changed"),
            _(
                "The e-mail address of your account %(username)s on the Baodi Childcare portal is now %(email)s. "
                "If it was not you, tell your system administrator at once."
            )
            % {"email": new_email, "username": user.get_username()},
            old_email,
        )
    return user


# --- Form and views --------------------------------------------------------------------------------------------


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("new e-mail address"), max_length=254)
    password = forms.CharField(
        label=gettext_lazy("current password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if email.casefold() == (self.user.email or "").casefold():
            raise ValidationError(gettext_lazy("This is already your e-mail address."), code="same_address")
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        error = reauth.password_error(self.user, password)
        if error:
            raise ValidationError(error, code="wrong_password")
        return password


class EmailChangeView(LoginRequiredMixin, View):
    template_name = "accounts/email_change.html"

    def get(self, request):
        return render(request, self.template_name, {"form": EmailChangeForm(user=request.user)})

    def post(self, request):
        form = EmailChangeForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        request_email_change(user=request.user, new_email=form.cleaned_data["email"])
        messages.success(request, LINK_SENT % {"email": form.cleaned_data["email"]})
        return redirect("accounts:profile")


class EmailConfirmView(LoginRequiredMixin, View):
    """GET shows what the link would do (mail scanners open links); POST does it."""

    template_name = "accounts/email_confirm.html"

    def get(self, request, token):
        new_email = read_token(request.user, token)
        return render(
            request, self.template_name, {"new_email": new_email, "error": None if new_email else LINK_INVALID}
        )

    def post(self, request, token):
        try:
            user = confirm_email_change(user=request.user, token=token)
        except ValidationError as exc:
            return render(request, self.template_name, {"new_email": None, "error": exc.messages[0]})
        messages.success(request, CHANGED % {"email": user.email})
        return redirect("accounts:profile")
