"""Filings: the operator's side (under /institutions/) and the reviewers' side (under /review/)."""

from django.urls import path

from institutions.filings.views import documents, operator, receipt, review

urlpatterns = [
    path("<int:pk>/filings/new/<str:kind>/", operator.FilingStartView.as_view(), name="filing_start"),
    path("filings/<int:pk>/", operator.FilingDetailView.as_view(), name="filing_detail"),
    path("filings/<int:pk>/edit/", operator.FilingEditView.as_view(), name="filing_edit"),
    path("filings/<int:pk>/upload/", operator.FilingUploadView.as_view(), name="filing_upload"),
    path("filings/<int:pk>/submit/", operator.FilingSubmitView.as_view(), name="filing_submit"),
    path("filings/<int:pk>/receipt/", receipt.FilingReceiptView.as_view(), name="filing_receipt"),
    path("documents/<int:pk>/download/", documents.DocumentDownloadView.as_view(), name="document_download"),
    path("documents/<int:pk>/preview/", documents.DocumentPreviewView.as_view(), name="document_preview"),
]

# 街镇初审 and 区卫健委 acknowledgement: mounted by supervision/urls.py in the "supervision" namespace.
review_urlpatterns = [
    path("filings/", review.FilingWorklistView.as_view(), name="filing_worklist"),
    path("filings/export/", review.FilingExportView.as_view(), name="filing_export"),
    path("filings/<int:pk>/", review.FilingReviewView.as_view(), name="filing_review"),
    path("filings/<int:pk>/decide/", review.FilingDecideView.as_view(), name="filing_decide"),
]
