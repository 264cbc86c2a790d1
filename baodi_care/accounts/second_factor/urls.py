"""/accounts/second-factor/: included in the accounts URL table (names accounts:second_factor…)."""

from django.urls import path

from baodi_care.accounts.second_factor import views

urlpatterns = [
    path("", views.SecondFactorView.as_view(), name="second_factor"),
    path("set-up/", views.EnrolView.as_view(), name="second_factor_enrol"),
    path("set-up/qr.svg", views.QRCodeView.as_view(), name="second_factor_qr"),
    path("code/", views.VerifyView.as_view(), name="second_factor_verify"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="second_factor_recovery_codes"),
    path("turn-off/", views.TurnOffView.as_view(), name="second_factor_turn_off"),
]
