"""Public pages, no sign-in (mounted at /public/ with the namespace "public")."""

from django.urls import path

from supervision.public import views

app_name = "public"

urlpatterns = [
    path("", views.RegisterView.as_view(), name="register"),
    path("institutions/<int:pk>/", views.InstitutionView.as_view(), name="institution"),
    path("rejections/", views.RejectionsView.as_view(), name="rejections"),
    path("complaints/new/", views.ComplaintCreateView.as_view(), name="complaint_create"),
    path("complaints/received/", views.ComplaintReceivedView.as_view(), name="complaint_received"),
    # The 备案回执's QR code points here (institutions/filings/receipts.py).
    path("receipts/<str:token>/", views.ReceiptVerifyView.as_view(), name="receipt_verify"),
    path("complaints/status/", views.ComplaintStatusView.as_view(), name="complaint_status"),
]
