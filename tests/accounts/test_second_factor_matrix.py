"""Every URL of the role × URL matrix again, as staff who have signed in with their password but not passed the second
factor: each page that needs a sign-in sends them on (to set one up, or to the code page when they have one) before it
answers; the public pages, signing out and the second factor's own pages answer as usual."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baodi_care.accounts.choices import Role
from tests.builders.accounts import authenticator_of, unverified_login
from tests.test_scoping import MATRIX, ctx, expected_status  # noqa: F401 (ctx: the matrix's fixture)

pytestmark = pytest.mark.django_db

STAFF_ROLES = [Role.OFFICIAL, Role.COMMISSION, Role.DEPARTMENT, Role.ADMIN, Role.AUDITOR]
# Pages that need a sign-in but not the second factor, and their answer to a user without one / with one: it is set
# up on them (a password alone may not replace an authenticator), entered on them, or they sign out.
OPEN_WITHOUT_IT = {
    "accounts:logout": (302, 302),
    "accounts:second_factor_enrol": (200, 302),
    "accounts:second_factor_qr": (200, 404),
    "accounts:second_factor_verify": (302, 200),
}
ADMIN_PAGES = ["admin:index", "admin:institutions_institution_changelist", "admin:accounts_user_changelist"]


def sweep(client, objects: dict, user, has_one: bool) -> list[str]:
    """The URLs that did not answer as they should, for a user signed in with the password only."""
    sent_to = reverse("accounts:second_factor_verify" if has_one else "accounts:second_factor_enrol")
    wrong = []
    rows = [(name, row, row.url(objects)) for name, row in sorted(MATRIX.items())]
    rows += [(name, None, reverse(name)) for name in ADMIN_PAGES]
    for name, row, url in rows:
        client.logout()
        unverified_login(client, user)
        response = client.post(url) if row and row.method == "post" else client.get(url)
        if name in OPEN_WITHOUT_IT:
            expected = OPEN_WITHOUT_IT[name][has_one]
            if response.status_code != expected:
                wrong.append(f"{name}: {response.status_code} != {expected}")
        elif row is not None and row.public:
            if response.status_code != expected_status(row, user.role):
                wrong.append(f"{name} (public): {response.status_code} != {expected_status(row, user.role)}")
        elif response.status_code != 302 or not response["Location"].startswith(f"{sent_to}?next="):
            wrong.append(f"{name}: {response.status_code} {response.get('Location', '')}")
    return wrong


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_a_second_factor_are_sent_to_set_it_up_from_every_page(client, ctx, role):  # noqa: F811
    assert sweep(client, ctx, ctx["users"][role], has_one=False) == []


def test_staff_with_one_but_an_unverified_session_are_sent_to_the_code_page_from_every_page(client, ctx):  # noqa: F811
    official = ctx["users"][Role.OFFICIAL]
    authenticator_of(official)
    assert sweep(client, ctx, official, has_one=True) == []
