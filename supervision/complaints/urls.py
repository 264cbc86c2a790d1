"""Complaints (投诉举报): the officials' side (under /review/)."""

from django.urls import path

from supervision.complaints import views

urlpatterns = [
    path("complaints/", views.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("complaints/<int:pk>/triage/", views.ComplaintTriageView.as_view(), name="complaint_triage"),
    path("complaints/<int:pk>/handle/", views.ComplaintHandleView.as_view(), name="complaint_handle"),
    path("complaints/<int:pk>/close/", views.ComplaintCloseView.as_view(), name="complaint_close"),
    path("complaints/<int:pk>/link/", views.ComplaintLinkView.as_view(), name="complaint_link"),
]
