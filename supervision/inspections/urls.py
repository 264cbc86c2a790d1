"""Inspections and their evidence (under /review/)."""

from django.urls import path

from supervision.inspections import views

urlpatterns = [
    path("inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", views.InspectionCreateView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.InspectionEditView.as_view(), name="inspection_edit"),
    path(
        "inspections/photos/<int:pk>/delete/",
        views.InspectionPhotoDeleteView.as_view(),
        name="inspection_photo_delete",
    ),
    path("evidence/<int:pk>/download/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/preview/", views.EvidencePreviewView.as_view(), name="evidence_preview"),
]
