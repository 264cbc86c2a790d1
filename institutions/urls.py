from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("", views.InstitutionListView.as_view(), name="list"),
    path("new/", views.InstitutionCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InstitutionDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InstitutionEditView.as_view(), name="edit"),
    path("<int:pk>/classes/", views.ClassesEditView.as_view(), name="classes"),
    path("<int:pk>/staff/", views.StaffEditView.as_view(), name="staff"),
    path("<int:pk>/filings/new/<str:kind>/", views.FilingStartView.as_view(), name="filing_start"),
    path("filings/<int:pk>/", views.FilingDetailView.as_view(), name="filing_detail"),
    path("filings/<int:pk>/edit/", views.FilingEditView.as_view(), name="filing_edit"),
    path("filings/<int:pk>/upload/", views.FilingUploadView.as_view(), name="filing_upload"),
    path("filings/<int:pk>/submit/", views.FilingSubmitView.as_view(), name="filing_submit"),
    path("filings/<int:pk>/receipt/", views.FilingReceiptView.as_view(), name="filing_receipt"),
    path("documents/<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("documents/<int:pk>/preview/", views.DocumentPreviewView.as_view(), name="document_preview"),
]
