"""The commission's versioned checklists (under /review/)."""

from django.urls import path

from supervision.checklists import views

urlpatterns = [
    path("checklists/", views.ChecklistListView.as_view(), name="checklist_list"),
    path("checklists/<int:pk>/", views.ChecklistDetailView.as_view(), name="checklist_detail"),
    path("checklists/<int:pk>/new-version/", views.ChecklistNewVersionView.as_view(), name="checklist_new_version"),
    path("checklists/<int:pk>/items/", views.ChecklistItemAddView.as_view(), name="checklist_item_add"),
    path("checklists/items/<int:pk>/edit/", views.ChecklistItemEditView.as_view(), name="checklist_item_edit"),
    path("checklists/items/<int:pk>/delete/", views.ChecklistItemDeleteView.as_view(), name="checklist_item_delete"),
    path("checklists/<int:pk>/publish/", views.ChecklistPublishView.as_view(), name="checklist_publish"),
    path("checklists/<int:pk>/discard/", views.ChecklistDiscardView.as_view(), name="checklist_discard"),
]
