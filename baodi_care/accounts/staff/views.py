"""The page a new staff account sets its password on, through its one-time link (Django's reset view and token)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from baodi_care.accounts import passwords
from baodi_care.accounts.security_log.choices import SecurityAction
from baodi_care.accounts.security_log.recorder import record_account_change
from baodi_care.accounts.signup.tokens import staff_password_token


class StaffSetPasswordView(auth_views.PasswordResetConfirmView):
    token_generator = staff_password_token
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # A link the commission sent again to an account that had a password already is a reset: sessions end, told.
        replaced = form.user.has_usable_password()
        response = super().form_valid(form)
        if replaced:
            passwords.password_reset(user=form.user)
        record_account_change(SecurityAction.PASSWORD_RESET, account=form.user, by=form.user, detail="welcome link")
        return response
