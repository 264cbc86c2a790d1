"""The accounts app: users, roles, jurisdictions, sign-in and notifications (the lowest layer)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "baodi_care.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The sign-in and sign-out receivers that keep the list of signed-in sessions; the breached-list check.
        from baodi_care.accounts import sessions, validators  # noqa: F401

        # Sign-ins, failures, lockouts and Django admin actions, into the security log.
        # The check that the security log's middleware is installed.
        from baodi_care.accounts.security_log import checks, receivers  # noqa: F401
