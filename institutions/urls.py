from django.urls import path

from . import views, views_fees, views_import

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
    # Fee disclosures (收费公示) and operating reports (运营情况报送)
    path("fees/", views_fees.FeeStatusListView.as_view(), name="fee_status"),
    path("<int:pk>/fees/", views_fees.FeeHistoryView.as_view(), name="fee_history"),
    path("<int:pk>/fees/new/", views_fees.FeeNewView.as_view(), name="fee_new"),
    path("fees/<int:pk>/", views_fees.FeeDetailView.as_view(), name="fee_detail"),
    path("fees/<int:pk>/edit/", views_fees.FeeEditView.as_view(), name="fee_edit"),
    path("fees/<int:pk>/publish/", views_fees.FeePublishView.as_view(), name="fee_publish"),
    path("reports/", views_fees.ReportStatusListView.as_view(), name="report_status"),
    path("<int:pk>/reports/", views_fees.ReportListView.as_view(), name="report_list"),
    path("<int:pk>/reports/new/", views_fees.ReportCreateView.as_view(), name="report_new"),
    path("reports/<int:pk>/", views_fees.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views_fees.ReportEditView.as_view(), name="report_edit"),
    # Register import (the health commission): upload, dry-run preview, confirm or discard.
    path("import/", views_import.ImportView.as_view(), name="import"),
    path("import/preview/", views_import.ImportPreviewView.as_view(), name="import_preview"),
    path("import/confirm/", views_import.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/cancel/", views_import.ImportCancelView.as_view(), name="import_cancel"),
]
