from django.urls import path

from . import views, views_complaints, views_dashboard
from . import views_exports as exports
from . import views_inspections as inspections

app_name = "supervision"

urlpatterns = [
    path("filings/", views.FilingWorklistView.as_view(), name="filing_worklist"),
    path("filings/export/", views.FilingExportView.as_view(), name="filing_export"),
    path("filings/<int:pk>/", views.FilingReviewView.as_view(), name="filing_review"),
    path("filings/<int:pk>/decide/", views.FilingDecideView.as_view(), name="filing_decide"),
    path("holidays/", views.HolidayListView.as_view(), name="holiday_list"),
    path("holidays/<int:pk>/delete/", views.HolidayDeleteView.as_view(), name="holiday_delete"),
    # Inspections, rectifications (整改台账), coverage, inspection plan and checklists.
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
    path("rectifications/", inspections.RectificationLedgerView.as_view(), name="rectification_ledger"),
    path("rectifications/<int:pk>/", inspections.RectificationDetailView.as_view(), name="rectification_detail"),
    path(
        "rectifications/<int:pk>/answer/",
        inspections.RectificationAnswerView.as_view(),
        name="rectification_answer",
    ),
    path(
        "rectifications/<int:pk>/decide/",
        inspections.RectificationDecideView.as_view(),
        name="rectification_decide",
    ),
    path("institutions/<int:pk>/", inspections.InstitutionLedgerView.as_view(), name="institution_ledger"),
    path("coverage/", inspections.CoverageView.as_view(), name="coverage"),
    path("plan/", inspections.InspectionPlanView.as_view(), name="inspection_plan"),
    path("plan/<int:pk>/delete/", inspections.InspectionPlanDeleteView.as_view(), name="inspection_plan_delete"),
    path("checklists/", inspections.ChecklistListView.as_view(), name="checklist_list"),
    path("checklists/<int:pk>/", inspections.ChecklistDetailView.as_view(), name="checklist_detail"),
    path(
        "checklists/<int:pk>/new-version/",
        inspections.ChecklistNewVersionView.as_view(),
        name="checklist_new_version",
    ),
    path("checklists/<int:pk>/items/", inspections.ChecklistItemAddView.as_view(), name="checklist_item_add"),
    path("checklists/items/<int:pk>/edit/", inspections.ChecklistItemEditView.as_view(), name="checklist_item_edit"),
    path(
        "checklists/items/<int:pk>/delete/",
        inspections.ChecklistItemDeleteView.as_view(),
        name="checklist_item_delete",
    ),
    path("checklists/<int:pk>/publish/", inspections.ChecklistPublishView.as_view(), name="checklist_publish"),
    path("checklists/<int:pk>/discard/", inspections.ChecklistDiscardView.as_view(), name="checklist_discard"),
    # Complaints (投诉举报): the officials' side.
    path("complaints/", views_complaints.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/<int:pk>/", views_complaints.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("complaints/<int:pk>/triage/", views_complaints.ComplaintTriageView.as_view(), name="complaint_triage"),
    path("complaints/<int:pk>/handle/", views_complaints.ComplaintHandleView.as_view(), name="complaint_handle"),
    path("complaints/<int:pk>/close/", views_complaints.ComplaintCloseView.as_view(), name="complaint_close"),
    path("complaints/<int:pk>/link/", views_complaints.ComplaintLinkView.as_view(), name="complaint_link"),
    # Dashboard (统计报表): figures, their downloads (<figure>.csv / .xlsx), the population table.
    path("dashboard/", views_dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/population/", views_dashboard.PopulationEditView.as_view(), name="population_edit"),
    path(
        "dashboard/<slug:figure>.<slug:fmt>",
        views_dashboard.DashboardDownloadView.as_view(),
        name="dashboard_download",
    ),
    # Exports (xlsx, csv): the page, one URL per export (?format=xlsx|csv and the page's filters), statistics.
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
