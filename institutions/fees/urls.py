"""Fee disclosures (收费公示), under /institutions/."""

from django.urls import path

from institutions.fees import views

urlpatterns = [
    path("fees/", views.FeeStatusListView.as_view(), name="fee_status"),
    path("<int:pk>/fees/", views.FeeHistoryView.as_view(), name="fee_history"),
    path("<int:pk>/fees/new/", views.FeeNewView.as_view(), name="fee_new"),
    path("fees/<int:pk>/", views.FeeDetailView.as_view(), name="fee_detail"),
    path("fees/<int:pk>/edit/", views.FeeEditView.as_view(), name="fee_edit"),
    path("fees/<int:pk>/publish/", views.FeePublishView.as_view(), name="fee_publish"),
]
