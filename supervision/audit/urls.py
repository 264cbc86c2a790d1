"""/audit/: the audit administrator's pages (names audit:…)."""

from django.urls import path

from supervision.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.SecurityLogView.as_view(), name="security_log"),
    path("export/", views.SecurityLogExportView.as_view(), name="security_log_export"),
    path("trails/<slug:trail>/", views.TrailView.as_view(), name="trail"),
    path("trails/<slug:trail>/export/", views.TrailExportView.as_view(), name="trail_export"),
]
