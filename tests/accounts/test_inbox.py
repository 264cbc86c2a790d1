"""The inbox: notifications newest first, unread in bold, marked read one by one, all at once or by opening them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from baodi_care.accounts.models import Notification
from baodi_care.accounts.services import notify
from institutions.filings import services as filings_services
from tests.builders.filings import correction, make_submitted_filing

pytestmark = pytest.mark.django_db

# --- Inbox ----------------------------------------------------------------------------------------


def test_the_inbox_shows_notifications_newest_first_unread_in_bold_and_marks_them_read(client, official):
    notify(recipients=[official], message="第一条", url="/")
    notify(recipients=[official], message="第二条", url="/")
    notify(recipients=[official], message="第三条", url="")
    client.force_login(official)
    response = client.get(reverse("accounts:inbox"))
    html = response.content.decode()
    assert html.index("第三条") < html.index("第二条") < html.index("第一条")  # newest first
    assert re.search(r'id="unread-count">3<', html)
    assert html.count("notification-unread") == 3
    first = Notification.objects.order_by("pk").first()

    response = client.post(reverse("accounts:inbox_mark_read"), {"ids": [str(first.pk)]})
    assert response["Location"] == reverse("accounts:inbox")
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    assert re.search(r'id="unread-count">2<', client.get(reverse("accounts:inbox")).content.decode())

    client.post(reverse("accounts:inbox_mark_read"), {"all": "1"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert 'id="unread-count"' not in client.get(reverse("accounts:inbox")).content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, operator, official, institution):
    filing = make_submitted_filing(institution, operator)
    filings_services.return_filing(filing=filing, by=official, version=filing.version, reviews=correction())
    notification = Notification.objects.get(recipient=operator)
    client.force_login(operator)
    response = client.post(reverse("accounts:inbox_mark_read"), {"open": str(notification.pk)})
    assert response["Location"] == filing.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_marks_someone_elses_notifications(client, operator, official):
    notify(recipients=[official], message="给官员的", url="")
    theirs = Notification.objects.get()
    client.force_login(operator)
    client.post(reverse("accounts:inbox_mark_read"), {"ids": [str(theirs.pk)]})
    client.post(reverse("accounts:inbox_mark_read"), {"all": "1"})
    client.post(reverse("accounts:inbox_mark_read"), {"open": str(theirs.pk)})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "给官员的" not in client.get(reverse("accounts:inbox")).content.decode()


def test_the_inbox_is_paginated(client, official):
    for i in range(25):
        notify(recipients=[official], message=f"消息{i:02d}", url="")
    client.force_login(official)
    first_page = client.get(reverse("accounts:inbox")).content.decode()
    assert "消息24" in first_page and "消息04" not in first_page
    assert "消息04" in client.get(reverse("accounts:inbox") + "?page=2").content.decode()
