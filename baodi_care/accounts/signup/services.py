"""Sign-up writes: the inactive operator account and its verification e-mail, then its activation."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.security_log.choices import SecurityAction
from baodi_care.accounts.security_log.recorder import record_account_change
from baodi_care.accounts.signup.tokens import verification_token


def portal_url(path: str) -> str:
    """An absolute link into the portal, for e-mails and text messages."""
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def send_portal_mail(*, to: str, template: str, context: dict) -> None:
    """A plain-text e-mail in the portal's language: templates/<template>_subject.txt and <template>.txt."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [to])


def address_in_use(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists()


@transaction.atomic
def sign_up(*, full_name: str, phone: str, email: str, password: str) -> User | None:
    """An operator signs up: an inactive account (its user name is the e-mail) and a link that activates it.

    An address already in use gets a note instead (whoever typed it is not told), so sign-up reveals no account.
    Returns the new account, or None when the address was in use.
    """
    email = email.strip().lower()
    if address_in_use(email):
        transaction.on_commit(
            lambda: send_portal_mail(
                to=email, template="accounts/signup/mail_address_in_use",
                context={"login_url": portal_url(reverse("accounts:login")),
                         "reset_url": portal_url(reverse("accounts:password_reset"))},
            )
        )  # fmt: skip
        return None
    user = User(username=email, email=email, full_name=full_name, phone=phone, role=Role.OPERATOR, is_active=False)
    user.set_password(password)
    user.full_clean()
    user.save()
    link = portal_url(reverse("accounts:signup_verify", args=[verification_token(user)]))
    context = {"user": user, "link": link, "hours": settings.SIGNUP_VERIFY_HOURS}
    transaction.on_commit(lambda: send_portal_mail(to=email, template="accounts/signup/mail_verify", context=context))
    record_account_change(SecurityAction.ACCOUNT_CREATED, account=user, by=user, detail="sign-up")
    return user


@transaction.atomic
def activate_signup(*, user: User) -> User:
    """The operator followed the link: the account works from now on (its history names them)."""
    user.is_active = True
    user._history_user = user
    user.save(update_fields=["is_active"])
    record_account_change(SecurityAction.ACCOUNT_ACTIVATED, account=user, by=user, detail="sign-up link")
    return user
