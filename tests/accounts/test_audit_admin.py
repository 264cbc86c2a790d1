"""In the Django admin, audit rows are read-only for everyone, the superuser included (accounts/audit_admin.py):
no add, change or delete of events, documents, evidence or axes's sign-in logs, no delete box in the inlines, no
delete action, no file replaced, and no history page that reverts an object to an old version."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from baodi_care.accounts.audit_admin import HistoryAdmin
from supervision.models import EvidenceFile, Rectification
from tests.builders.audit import make_audit_trail, protected_models
from tests.builders.files import png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(institution, operator, official, commission):
    return make_audit_trail(institution, operator, official, commission)


@pytest.fixture
def as_admin(client, sysadmin):
    client.force_login(sysadmin)
    return client


def url(name: str, obj=None, *args) -> str:
    model = obj._meta.concrete_model._meta if obj is not None else None
    if name in ("changelist", "add"):
        return reverse(f"admin:{model.app_label}_{model.model_name}_{name}")
    return reverse(f"admin:{model.app_label}_{model.model_name}_{name}", args=[obj.pk, *args])


def test_no_admin_page_or_inline_adds_changes_or_deletes_an_audit_row(trail, sysadmin):
    request = RequestFactory().get("/")
    request.user = sysadmin
    protected = {model._meta.concrete_model for model in protected_models()}
    pages, inlines = [], []
    for model, model_admin in admin.site._registry.items():
        if model in protected:
            pages.append(model)
            row = model._base_manager.first()
            assert not model_admin.has_add_permission(request), model
            assert not model_admin.has_change_permission(request, row), model
            assert not model_admin.has_delete_permission(request, row), model
            assert "delete_selected" not in model_admin.get_actions(request), model
        for inline in model_admin.get_inline_instances(request):
            if inline.model in protected:
                inlines.append(inline.model)
                assert not inline.can_delete and not inline.has_delete_permission(request), inline
                assert not inline.has_add_permission(request, None) and not inline.has_change_permission(request)
    assert {m._meta.label for m in pages} >= {"supervision.EvidenceFile", "axes.AccessLog", "axes.AccessFailureLog"}
    assert {m._meta.label for m in inlines} >= {
        "institutions.FilingEvent", "institutions.Document", "supervision.RectificationEvent",
    }  # fmt: skip


def test_a_filings_events_and_documents_show_in_the_admin_with_nothing_to_edit_or_delete(trail, as_admin):
    filing = trail["institutions.FilingEvent"].filing
    html = as_admin.get(url("change", filing)).content.decode()
    assert 'id="events-group"' in html and 'id="documents-group"' in html
    for name in ("events-0-DELETE", "events-0-note", "documents-0-DELETE", "documents-0-file", 'name="_save"'):
        assert name not in html
    assert as_admin.post(url("change", filing), {"events-0-note": "改写", "_save": "Save"}).status_code == 403
    assert as_admin.post(url("delete", filing), {"post": "yes"}).status_code == 403


def test_a_rectification_and_its_steps_are_read_only_in_the_admin(trail, as_admin):
    rectification = trail["supervision.RectificationEvent"].rectification
    steps = rectification.events.count()
    html = as_admin.get(url("change", rectification)).content.decode()
    assert 'id="events-group"' in html
    assert "events-0-DELETE" not in html and 'name="_save"' not in html
    assert as_admin.post(url("change", rectification), {"deadline": "2099-01-01"}).status_code == 403
    assert as_admin.post(url("delete", rectification), {"post": "yes"}).status_code == 403
    assert 'value="delete_selected"' not in as_admin.get(url("changelist", rectification)).content.decode()
    rectification = Rectification.objects.get(pk=rectification.pk)
    assert rectification.events.count() == steps and str(rectification.deadline) != "2099-01-01"


def test_evidence_cannot_be_replaced_added_or_deleted_in_the_admin(trail, as_admin):
    evidence = trail["supervision.EvidenceFile"]
    stored, digest = evidence.file.name, evidence.sha256
    page = as_admin.get(url("change", evidence))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="file"' not in html and 'name="_save"' not in html and evidence.sha256 in html
    replaced = as_admin.post(url("change", evidence), {"file": png_upload("replaced.png"), "_save": "Save"})
    assert replaced.status_code == 403
    assert as_admin.post(url("delete", evidence), {"post": "yes"}).status_code == 403
    assert as_admin.get(url("add", evidence)).status_code == 403
    assert 'value="delete_selected"' not in as_admin.get(url("changelist", evidence)).content.decode()
    evidence = EvidenceFile.objects.get(pk=evidence.pk)
    assert (evidence.file.name, evidence.sha256) == (stored, digest)


@pytest.mark.parametrize("log", ["axes.AccessLog", "axes.AccessFailureLog"])
def test_axes_sign_in_logs_are_read_only_in_the_admin(trail, as_admin, log):
    row = trail[log]
    assert as_admin.get(url("change", row)).status_code == 200
    assert as_admin.post(url("change", row), {"username": "someone-else"}).status_code == 403
    assert as_admin.post(url("delete", row), {"post": "yes"}).status_code == 403
    assert 'value="delete_selected"' not in as_admin.get(url("changelist", row)).content.decode()
    assert type(row).objects.get(pk=row.pk).username == row.username


def test_axes_live_failure_counter_stays_deletable_in_the_admin_so_a_lockout_can_be_lifted(sysadmin):
    request = RequestFactory().get("/")
    request.user = sysadmin
    assert admin.site._registry[AccessAttempt].has_delete_permission(request)
    assert AccessLog in admin.site._registry and AccessFailureLog in admin.site._registry


def test_every_history_page_in_the_admin_shows_old_versions_without_reverting(trail, as_admin, institution):
    history_admins = [a for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)]
    assert len(history_admins) >= 10
    assert all(isinstance(model_admin, HistoryAdmin) for model_admin in history_admins)
    first, versions = institution.history.earliest(), institution.history.count()
    version = url("simple_history", institution, first.history_id)
    page = as_admin.get(version)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    reverted = as_admin.post(version, {"name": first.name, "_save": "Save"})
    assert reverted.status_code == 403
    assert institution.history.count() == versions  # a revert would have saved the old version as a new one


def test_an_account_is_deactivated_never_deleted_in_the_admin(trail, as_admin, official):
    assert as_admin.post(url("delete", official), {"post": "yes"}).status_code == 403
    assert type(official).objects.filter(pk=official.pk).exists()
