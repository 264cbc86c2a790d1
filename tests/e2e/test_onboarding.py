"""In a real browser, an operator onboards themselves: signs up, follows the link in the verification e-mail (read
from the test mail outbox, as the console backend would print it), signs in, and claims an institution the
commission imported, with the code the console SMS backend "sent" to the institution's mobile on record.

Elements are found by name, id and href (never by visible text). Screenshots land in tests/artifacts/onboarding_*.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from baodi_care.accounts import sms
from baodi_care.accounts.models import User
from institutions.models import Membership
from tests.builders.accounts import HAIBIN, jurisdiction
from tests.builders.register import make_imported_institution
from tests.e2e.steps import PHONE, click_and_wait

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Gentle-Harbour-Lantern-47"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Operators work on phones."""
    return {**browser_context_args, **PHONE}


def test_an_operator_signs_up_verifies_and_claims_an_imported_institution(live_server, page, artifacts_dir):
    base = live_server.url
    imported = make_imported_institution(jurisdiction(HAIBIN), name="海滨启明托育园", contact_phone="13900002222")
    mail.outbox.clear()
    sms.outbox.clear()

    # --- 1. Sign up, from the login page ----------------------------------------------------------
    page.goto(base + reverse("accounts:login"))
    click_and_wait(page, "#signup-link")
    page.locator("input[name=full_name]").fill("孙举办")
    page.locator("input[name=phone]").fill("13800001234")
    page.locator("input[name=email]").fill("sun@example.cn")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.screenshot(path=artifacts_dir / "onboarding_1_signup.png", full_page=True)
    click_and_wait(page, "#signup-form button[type=submit]")
    page.wait_for_url(base + reverse("accounts:signup_sent"))
    assert not User.objects.get(email="sun@example.cn").is_active

    # --- 2. The verification e-mail's link activates the account ----------------------------------
    message = next(m for m in mail.outbox if m.to == ["sun@example.cn"])
    link = re.search(r"https?://\S+/accounts/signup/verify/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page.goto(f"{base}/{path}")
    click_and_wait(page, "button[name=activate]")
    assert User.objects.get(email="sun@example.cn").is_active

    # --- 3. Sign in: the operator lands on the first steps -----------------------------------------
    page.locator("input[name=username]").fill("sun@example.cn")
    page.locator("input[name=password]").fill(PASSWORD)
    click_and_wait(page, "main button[type=submit]")
    page.wait_for_url(re.compile(re.escape(base + reverse("institutions:onboarding"))))
    page.screenshot(path=artifacts_dir / "onboarding_2_first_steps.png", full_page=True)

    # --- 4. Claim the imported institution with the code sent to its mobile on record ---------------
    click_and_wait(page, "#onboarding-claim")
    page.locator("input[name=uscc]").fill(imported.uscc.lower())
    page.locator("input[name=method][value=code]").check()
    click_and_wait(page, "#claim-form button[type=submit]")
    expect(page.locator("#claim-code-form")).to_be_visible()
    phone, text = sms.outbox[-1]
    assert phone == "13900002222"
    page.locator("input[name=code]").fill(re.search(r"\b(\d{6})\b", text).group(1))
    click_and_wait(page, "#claim-code-form button[type=submit]")
    page.wait_for_url(base + imported.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("海滨启明托育园")
    expect(page.locator("#members-link")).to_be_visible()
    page.screenshot(path=artifacts_dir / "onboarding_3_claimed.png", full_page=True)
    membership = Membership.objects.get(institution=imported)
    assert membership.user.email == "sun@example.cn" and membership.is_owner
