"""The inspection plan and its coverage (under /review/)."""

from django.urls import path

from supervision.plan import views

urlpatterns = [
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("plan/", views.InspectionPlanView.as_view(), name="inspection_plan"),
    path("plan/<int:pk>/delete/", views.InspectionPlanDeleteView.as_view(), name="inspection_plan_delete"),
]
