"""Exports (xlsx, csv): the page, one URL per export (?format=xlsx|csv and the page's filters), statistics."""

from django.urls import path

from supervision.exports import views

urlpatterns = [
    path("exports/", views.ExportListView.as_view(), name="export_list"),
    *[
        path(
            f"exports/{spec.key}/",
            views.ExportView.as_view(spec=spec, allowed_roles=spec.roles),
            name=f"export_{spec.key}",
        )
        for spec in views.EXPORTS.values()
    ],
    path("exports/statistics/", views.StatisticsExportView.as_view(), name="export_statistics"),
]
