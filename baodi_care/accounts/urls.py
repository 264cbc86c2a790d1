"""/accounts/: signing in and out, the second factor, passwords, the profile and the inbox, sign-up. One table for the
accounts address space, grouped by room (each room's views live in its package), as institutions/urls.py does."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from baodi_care.accounts import email_change, sessions, signin, views
from baodi_care.accounts.second_factor import views as second_factor
from baodi_care.accounts.signup import views as signup
from baodi_care.accounts.staff import views as staff

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=signin.SigninForm),
        name="login",
    ),
    path("logout/", signin.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        signin.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        signin.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        signin.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("inbox/read/", views.InboxMarkReadView.as_view(), name="inbox_mark_read"),
    # Sessions and e-mail changes (accounts/sessions.py, accounts/email_change.py)
    path("sessions/end/", sessions.SessionEndView.as_view(), name="session_end"),
    path("email/change/", email_change.EmailChangeView.as_view(), name="email_change"),
    path("email/confirm/<str:token>/", email_change.EmailConfirmView.as_view(), name="email_confirm"),
    # The second factor: setting it up, the code after the password, recovery codes (accounts/second_factor/).
    path("second-factor/", second_factor.SecondFactorView.as_view(), name="second_factor"),
    path("second-factor/set-up/", second_factor.EnrolView.as_view(), name="second_factor_enrol"),
    path("second-factor/set-up/qr.svg", second_factor.QRCodeView.as_view(), name="second_factor_qr"),
    path("second-factor/code/", second_factor.VerifyView.as_view(), name="second_factor_verify"),
    path(
        "second-factor/recovery-codes/", second_factor.RecoveryCodesView.as_view(), name="second_factor_recovery_codes"
    ),
    path("second-factor/turn-off/", second_factor.TurnOffView.as_view(), name="second_factor_turn_off"),
    # Operators sign themselves up (accounts/signup/)
    path("signup/", signup.SignUpView.as_view(), name="signup"),
    path("signup/sent/", signup.SignUpSentView.as_view(), name="signup_sent"),
    path("signup/verify/<str:token>/", signup.SignUpVerifyView.as_view(), name="signup_verify"),
    # A new staff account sets its password through its one-time link (accounts/staff/)
    path("welcome/<uidb64>/<token>/", staff.StaffSetPasswordView.as_view(), name="staff_set_password"),
]
