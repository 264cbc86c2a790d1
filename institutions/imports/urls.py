"""Register import (the health commission): upload, dry-run preview, confirm or discard."""

from django.urls import path

from institutions.imports import views

urlpatterns = [
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/preview/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("import/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/cancel/", views.ImportCancelView.as_view(), name="import_cancel"),
]
