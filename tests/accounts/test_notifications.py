"""Notifications read in the recipient's language, whoever acted, and one e-mail per recipient (issue 8)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy, pgettext_lazy

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Notification
from baodi_care.accounts.services import notify
from baodi_care.accounts.texts import Text, freeze, freeze_params, render
from institutions.choices import FilingKind
from institutions.filings import services as filings_services
from tests.builders.accounts import make_user
from tests.builders.filings import correction_of_document, make_submitted_filing
from tests.builders.register import make_staff_compliant

pytestmark = pytest.mark.django_db


def incomplete() -> list[dict]:
    """The reviews of a return that sends a document back: materials incomplete."""
    return correction_of_document("premises_proof")


# A return that sends a document back: the materials were incomplete (退回补正).
RETURNED_ZH = "您为{institution}提交的首次备案材料不齐全，已退回补正。"
RETURNED_EN = "Your Initial filing (首次备案) for {institution} was returned: the materials are incomplete."


def in_language(language: str, notification: Notification) -> str:
    with translation.override(language):
        return notification.text


def test_an_english_speaking_officials_decision_reaches_the_operator_in_chinese(institution, operator, official):
    filing = make_submitted_filing(make_staff_compliant(institution), operator)
    with translation.override("en"):
        filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=incomplete())
    note = Notification.objects.get(recipient=operator)
    assert in_language("zh-hans", note) == RETURNED_ZH.format(institution=institution.name)
    assert in_language("en", note) == RETURNED_EN.format(institution=institution.name)


def test_the_inbox_shows_each_reader_their_own_language(client, institution, operator, official):
    filing = make_submitted_filing(make_staff_compliant(institution), operator)
    with translation.override("en"):
        filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=incomplete())
    client.force_login(operator)
    chinese = client.get(reverse("accounts:inbox")).content.decode()
    assert RETURNED_ZH.format(institution=institution.name) in chinese
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("accounts:inbox")).content.decode()
    assert RETURNED_EN.format(institution=institution.name) in english


def test_the_e_mail_is_written_in_the_portal_language_whoever_acted(
    institution, operator, official, django_capture_on_commit_callbacks
):
    filing = make_submitted_filing(make_staff_compliant(institution), operator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=incomplete())
    [message] = mail.outbox
    assert message.to == [operator.email]
    assert message.body.startswith(RETURNED_ZH.format(institution=institution.name))
    assert message.body.endswith(filing.get_absolute_url())


def test_one_e_mail_per_recipient_never_a_shared_to_line(
    haibin, official, institution, operator, django_capture_on_commit_callbacks
):
    colleague = make_user(Role.OFFICIAL, jurisdiction=haibin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_submitted_filing(make_staff_compliant(institution), operator)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([official.email, colleague.email])
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)


def test_recipients_without_an_address_get_only_the_inbox_entry(official, django_capture_on_commit_callbacks):
    silent = make_user(Role.OFFICIAL, jurisdiction=official.jurisdiction, email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[official, silent], message=gettext_lazy("Inbox"))
    assert [m.to for m in mail.outbox] == [[official.email]]
    assert Notification.objects.filter(recipient=silent).count() == 1


def test_translatable_parameters_and_nested_messages_follow_the_reader():
    params = freeze_params(
        {
            "kind": FilingKind.CHANGE.label,
            "what": [Text(gettext_lazy("%(n)s incident(s) reported"), {"n": 2})],
            "status": pgettext_lazy("complaint status", "Closed"),
        }
    )
    assert params["kind"] == {"msgid": "Change filing (变更备案)"}
    assert params["status"] == {"msgid": "Closed", "context": "complaint status"}
    msgid, context = freeze(gettext_lazy("%(institution)s, operating report %(month)s: %(what)s."))
    assert context == ""
    with translation.override("zh-hans"):
        assert (
            render(msgid, {"institution": "甲", "month": "2026-05", **params})
            == "甲，2026-05运营情况报送：报告安全事件2起。"
        )
        assert render("%(status)s", params) == str(pgettext_lazy("complaint status", "Closed"))
    with translation.override("en"):
        assert render(msgid, {"institution": "A", "month": "2026-05", **params}) == (
            "A, operating report 2026-05: 2 incident(s) reported."
        )


def test_plain_text_and_a_broken_placeholder_still_show():
    assert render("第一条") == "第一条"
    assert render("") == ""
    assert render("%(missing)s", {"other": 1}) == "%(missing)s"


def test_the_admin_list_shows_the_message_as_its_reader_reads_it(client, institution, operator, official, sysadmin):
    filing = make_submitted_filing(make_staff_compliant(institution), operator)
    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=incomplete())
    client.force_login(sysadmin)
    html = client.get(reverse("admin:accounts_notification_changelist")).content.decode()
    assert RETURNED_ZH.format(institution=institution.name) in html
