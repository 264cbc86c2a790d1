"""/institutions/: the register and the operator's side of filings, fee disclosures and operating reports; the
register import. One table for the app's address space, grouped by room (each room's views live in its package).
"""

from django.urls import path

from institutions.designations import views as designations
from institutions.fees import views as fees
from institutions.filings.views import documents, operator, receipt
from institutions.imports import views as imports
from institutions.members import views as members
from institutions.register import views as register
from institutions.reports import views as reports
from institutions.unfiled import views as unfiled

app_name = "institutions"

urlpatterns = [
    # The register (institutions/register/)
    path("", register.InstitutionListView.as_view(), name="list"),
    path("new/", register.InstitutionCreateView.as_view(), name="create"),
    path("<int:pk>/", register.InstitutionDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", register.InstitutionEditView.as_view(), name="edit"),
    path("<int:pk>/classes/", register.ClassesEditView.as_view(), name="classes"),
    path("<int:pk>/staff/", register.StaffEditView.as_view(), name="staff"),
    # Filings, the operator's side (institutions/filings/)
    path("<int:pk>/filings/new/<str:kind>/", operator.FilingStartView.as_view(), name="filing_start"),
    path("filings/<int:pk>/", operator.FilingDetailView.as_view(), name="filing_detail"),
    path("filings/<int:pk>/edit/", operator.FilingEditView.as_view(), name="filing_edit"),
    path("filings/<int:pk>/upload/", operator.FilingUploadView.as_view(), name="filing_upload"),
    path("filings/<int:pk>/submit/", operator.FilingSubmitView.as_view(), name="filing_submit"),
    path("filings/<int:pk>/receipt/", receipt.FilingReceiptView.as_view(), name="filing_receipt"),
    path("filings/<int:pk>/receipt.pdf", receipt.FilingReceiptPdfView.as_view(), name="filing_receipt_pdf"),
    path("filings/<int:pk>/form.pdf", receipt.FilingFormPdfView.as_view(), name="filing_form_pdf"),
    path("documents/<int:pk>/download/", documents.DocumentDownloadView.as_view(), name="document_download"),
    path("documents/<int:pk>/preview/", documents.DocumentPreviewView.as_view(), name="document_preview"),
    # Fee disclosures 收费公示 (institutions/fees/)
    path("fees/", fees.FeeStatusListView.as_view(), name="fee_status"),
    path("<int:pk>/fees/", fees.FeeHistoryView.as_view(), name="fee_history"),
    path("<int:pk>/fees/new/", fees.FeeNewView.as_view(), name="fee_new"),
    path("fees/<int:pk>/", fees.FeeDetailView.as_view(), name="fee_detail"),
    path("fees/<int:pk>/edit/", fees.FeeEditView.as_view(), name="fee_edit"),
    path("fees/<int:pk>/publish/", fees.FeePublishView.as_view(), name="fee_publish"),
    # Operating reports 运营情况报送 (institutions/reports/)
    path("reports/", reports.ReportStatusListView.as_view(), name="report_status"),
    path("<int:pk>/reports/", reports.ReportListView.as_view(), name="report_list"),
    path("<int:pk>/reports/new/", reports.ReportCreateView.as_view(), name="report_new"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", reports.ReportEditView.as_view(), name="report_edit"),
    # Register import, the health commission: upload, dry-run preview, confirm or discard (institutions/imports/)
    path("import/", imports.ImportView.as_view(), name="import"),
    path("import/preview/", imports.ImportPreviewView.as_view(), name="import_preview"),
    path("import/columns/", imports.ImportMappingView.as_view(), name="import_mapping"),
    path("import/refused.xlsx", imports.ImportRefusedRowsView.as_view(), name="import_refused"),
    path("import/confirm/", imports.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/cancel/", imports.ImportCancelView.as_view(), name="import_cancel"),
    # Registered with 托育 in their business scope but not filed (登记和备案办法 Art. 6; institutions/unfiled/)
    path("unfiled/", unfiled.UnfiledListView.as_view(), name="unfiled_list"),
    path("unfiled/<int:pk>/", unfiled.UnfiledDetailView.as_view(), name="unfiled_detail"),
    path("unfiled/remind/", unfiled.RemindView.as_view(), name="unfiled_remind"),
    # Who runs an institution: first steps, claims, members and invitations (institutions/members/)
    path("start/", members.OnboardingView.as_view(), name="onboarding"),
    path("claim/", members.ClaimStartView.as_view(), name="claim_start"),
    path("claims/", members.ClaimListView.as_view(), name="claim_list"),
    path("claims/<int:pk>/", members.ClaimDetailView.as_view(), name="claim_detail"),
    path("claims/<int:pk>/code/", members.ClaimCodeView.as_view(), name="claim_code"),
    path("claims/<int:pk>/decide/", members.ClaimDecideView.as_view(), name="claim_decide"),
    path("<int:pk>/members/", members.MembersView.as_view(), name="members"),
    path("members/<int:pk>/remove/", members.MemberRemoveView.as_view(), name="member_remove"),
    path("invitations/<int:pk>/withdraw/", members.InvitationWithdrawView.as_view(), name="invitation_withdraw"),
    path("invitations/accept/<str:token>/", members.InvitationAcceptView.as_view(), name="invitation_accept"),
    # 普惠 and 示范 status, granted by the commission (institutions/designations/)
    path("<int:pk>/designations/apply/", designations.DesignationApplyView.as_view(), name="designation_apply"),
    path("<int:pk>/designations/change/", designations.DesignationChangeView.as_view(), name="designation_change"),
    path("designations/", designations.DesignationApplicationListView.as_view(), name="designation_list"),
    path(
        "designations/<int:pk>/",
        designations.DesignationApplicationView.as_view(),
        name="designation_application",
    ),
    path("designations/<int:pk>/decide/", designations.DesignationDecideView.as_view(), name="designation_decide"),
]
