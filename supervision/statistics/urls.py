"""The dashboard (统计报表): figures, their downloads (<figure>.csv / .xlsx), the population table."""

from django.urls import path

from supervision.statistics import views

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/population/", views.PopulationEditView.as_view(), name="population_edit"),
    path("dashboard/<slug:figure>.<slug:fmt>", views.DashboardDownloadView.as_view(), name="dashboard_download"),
]
