"""Rectifications (整改) and the ledger (台账), under /review/."""

from django.urls import path

from supervision.rectifications import views

urlpatterns = [
    path("rectifications/", views.RectificationLedgerView.as_view(), name="rectification_ledger"),
    path("rectifications/<int:pk>/", views.RectificationDetailView.as_view(), name="rectification_detail"),
    path("rectifications/<int:pk>/answer/", views.RectificationAnswerView.as_view(), name="rectification_answer"),
    path("rectifications/<int:pk>/decide/", views.RectificationDecideView.as_view(), name="rectification_decide"),
    path("institutions/<int:pk>/", views.InstitutionLedgerView.as_view(), name="institution_ledger"),
]
