"""/review/: the officials' and the commission's workbench. One table for the app's address space, grouped by room;
the filing review and the holiday table belong to institutions/ but are served here, in the "supervision" namespace.
"""

from django.urls import path

from institutions.calendar import views as calendar
from institutions.filings.views import review
from supervision.checklists import views as checklists
from supervision.complaints import views as complaints
from supervision.exports import views as exports
from supervision.inspections import views as inspections
from supervision.plan import views as plan
from supervision.quality import views as quality
from supervision.rectifications import views as rectifications
from supervision.statistics import views as statistics

app_name = "supervision"

urlpatterns = [
    # 街镇初审 and 区卫健委 acknowledgement (institutions/filings/)
    path("filings/", review.FilingWorklistView.as_view(), name="filing_worklist"),
    path("filings/export/", review.FilingExportView.as_view(), name="filing_export"),
    path("filings/<int:pk>/", review.FilingReviewView.as_view(), name="filing_review"),
    path("filings/<int:pk>/decide/", review.FilingDecideView.as_view(), name="filing_decide"),
    # The holiday table (institutions/calendar/)
    path("holidays/", calendar.HolidayListView.as_view(), name="holiday_list"),
    path("holidays/<int:pk>/delete/", calendar.HolidayDeleteView.as_view(), name="holiday_delete"),
    # Inspections and their evidence (supervision/inspections/)
    path("inspections/", inspections.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", inspections.InspectionCreateView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", inspections.InspectionDetailView.as_view(), name="inspection_detail"),
    path("inspections/<int:pk>/edit/", inspections.InspectionEditView.as_view(), name="inspection_edit"),
    path(
        "inspections/photos/<int:pk>/delete/",
        inspections.InspectionPhotoDeleteView.as_view(),
        name="inspection_photo_delete",
    ),
    path("evidence/<int:pk>/download/", inspections.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/preview/", inspections.EvidencePreviewView.as_view(), name="evidence_preview"),
    # Rectifications 整改 and the ledger 台账 (supervision/rectifications/)
    path("rectifications/", rectifications.RectificationLedgerView.as_view(), name="rectification_ledger"),
    path("rectifications/<int:pk>/", rectifications.RectificationDetailView.as_view(), name="rectification_detail"),
    path(
        "rectifications/<int:pk>/answer/", rectifications.RectificationAnswerView.as_view(), name="rectification_answer"
    ),
    path(
        "rectifications/<int:pk>/decide/", rectifications.RectificationDecideView.as_view(), name="rectification_decide"
    ),
    path("institutions/<int:pk>/", rectifications.InstitutionLedgerView.as_view(), name="institution_ledger"),
    # The inspection plan and its coverage (supervision/plan/)
    path("coverage/", plan.CoverageView.as_view(), name="coverage"),
    path("plan/", plan.InspectionPlanView.as_view(), name="inspection_plan"),
    path("plan/<int:pk>/delete/", plan.InspectionPlanDeleteView.as_view(), name="inspection_plan_delete"),
    # The commission's versioned checklists (supervision/checklists/)
    path("checklists/", checklists.ChecklistListView.as_view(), name="checklist_list"),
    path("checklists/<int:pk>/", checklists.ChecklistDetailView.as_view(), name="checklist_detail"),
    path(
        "checklists/<int:pk>/new-version/", checklists.ChecklistNewVersionView.as_view(), name="checklist_new_version"
    ),
    path("checklists/<int:pk>/items/", checklists.ChecklistItemAddView.as_view(), name="checklist_item_add"),
    path("checklists/items/<int:pk>/edit/", checklists.ChecklistItemEditView.as_view(), name="checklist_item_edit"),
    path(
        "checklists/items/<int:pk>/delete/", checklists.ChecklistItemDeleteView.as_view(), name="checklist_item_delete"
    ),
    path("checklists/<int:pk>/publish/", checklists.ChecklistPublishView.as_view(), name="checklist_publish"),
    path("checklists/<int:pk>/discard/", checklists.ChecklistDiscardView.as_view(), name="checklist_discard"),
    # The commission's indicator template for quality assessment, WS/T 821—2023 (supervision/quality/)
    path("quality/templates/", quality.QualityTemplateListView.as_view(), name="quality_template_list"),
    path("quality/templates/<int:pk>/", quality.QualityTemplateDetailView.as_view(), name="quality_template_detail"),
    path(
        "quality/templates/<int:pk>/new-version/",
        quality.QualityTemplateNewVersionView.as_view(),
        name="quality_template_new_version",
    ),
    path(
        "quality/templates/<int:pk>/indicators/",
        quality.QualityIndicatorAddView.as_view(),
        name="quality_indicator_add",
    ),
    path(
        "quality/indicators/<int:pk>/edit/", quality.QualityIndicatorEditView.as_view(), name="quality_indicator_edit"
    ),
    path(
        "quality/indicators/<int:pk>/delete/",
        quality.QualityIndicatorDeleteView.as_view(),
        name="quality_indicator_delete",
    ),
    path(
        "quality/templates/<int:pk>/publish/",
        quality.QualityTemplatePublishView.as_view(),
        name="quality_template_publish",
    ),
    path(
        "quality/templates/<int:pk>/discard/",
        quality.QualityTemplateDiscardView.as_view(),
        name="quality_template_discard",
    ),
    # Complaints 投诉举报, the officials' side (supervision/complaints/)
    path("complaints/", complaints.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/<int:pk>/", complaints.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("complaints/<int:pk>/triage/", complaints.ComplaintTriageView.as_view(), name="complaint_triage"),
    path("complaints/<int:pk>/handle/", complaints.ComplaintHandleView.as_view(), name="complaint_handle"),
    path("complaints/<int:pk>/close/", complaints.ComplaintCloseView.as_view(), name="complaint_close"),
    path("complaints/<int:pk>/link/", complaints.ComplaintLinkView.as_view(), name="complaint_link"),
    # The dashboard 统计报表: figures, their downloads (<figure>.csv / .xlsx), the population table
    path("dashboard/", statistics.DashboardView.as_view(), name="dashboard"),
    path("dashboard/population/", statistics.PopulationEditView.as_view(), name="population_edit"),
    path("dashboard/<slug:figure>.<slug:fmt>", statistics.DashboardDownloadView.as_view(), name="dashboard_download"),
    # Exports (xlsx, csv): the page, one URL per export (?format=xlsx|csv and the page's filters), statistics
    path("exports/", exports.ExportListView.as_view(), name="export_list"),
    *[
        path(
            f"exports/{spec.key}/",
            exports.ExportView.as_view(spec=spec, allowed_roles=spec.roles),
            name=f"export_{spec.key}",
        )
        for spec in exports.EXPORTS.values()
    ],
    path("exports/statistics/", exports.StatisticsExportView.as_view(), name="export_statistics"),
]
