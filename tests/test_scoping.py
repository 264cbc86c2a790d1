"""The role × URL matrix. Every named URL of the project has a row here; a URL without one fails the suite.

For each row and each kind of visitor the expected answer is:
anonymous → the login page (or 200 for public pages), wrong role → 403,
an object outside the visitor's institutions or jurisdiction → 404, right user → 200.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from baodi_care.accounts.choices import Role
from tests.scoping_support import NOT_AUDITOR, STAFF, Row, at, posted, scoped

VISITORS = ["anonymous", *Role.values]

# Namespaces covered by their own test below rather than by rows.
EXEMPT_NAMESPACES = {"admin"}


def simple(name: str, **kw) -> Row:
    return Row(url=at(name), **kw)


MATRIX: dict[str, Row] = {
    "home": simple("home"),
    "set_language": posted("set_language", public=True, anonymous_status=302),
    "accounts:login": simple("accounts:login", public=True, overrides={r: 302 for r in Role.values}),
    "accounts:logout": posted("accounts:logout", public=True, anonymous_status=302),
    "accounts:password_change": simple("accounts:password_change"),
    "accounts:password_change_done": simple("accounts:password_change_done"),
    "accounts:password_reset": simple("accounts:password_reset", public=True),
    "accounts:password_reset_done": simple("accounts:password_reset_done", public=True),
    "accounts:password_reset_confirm": Row(
        url=at("accounts:password_reset_confirm", None, "MQ", "set-password"), public=True
    ),
    "accounts:password_reset_complete": simple("accounts:password_reset_complete", public=True),
    "accounts:profile": simple("accounts:profile"),
    "institutions:list": simple("institutions:list", allowed=STAFF),
    "institutions:detail": scoped("institutions:detail", "institution", "other_institution", allowed=NOT_AUDITOR),
}


def _load_rows() -> None:
    """Rows for each app live in tests/scoping_rows/<app>.py as ROWS = {name: Row}."""
    import importlib
    import pkgutil

    from tests import scoping_rows

    for info in pkgutil.iter_modules(scoping_rows.__path__):
        module = importlib.import_module(f"tests.scoping_rows.{info.name}")
        overlap = set(module.ROWS) & set(MATRIX)
        assert not overlap, f"rows defined twice: {overlap}"
        MATRIX.update(module.ROWS)
        if hasattr(module, "extra_ctx"):
            EXTRA_CTX.append(module.extra_ctx)


EXTRA_CTX: list[Callable[[dict], dict]] = []


_load_rows()


def iter_patterns(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            child = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_patterns(entry, child)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}:{entry.name}" if namespace else entry.name, entry


def project_url_names() -> list[str]:
    names = []
    for name, pattern in iter_patterns(get_resolver()):
        if name and name.split(":")[0] in EXEMPT_NAMESPACES:
            continue
        names.append(name or f"<unnamed {pattern.pattern}>")
    return names


def test_every_url_has_a_row():
    missing = sorted(set(project_url_names()) - set(MATRIX))
    assert not missing, f"URL patterns without a row in the scoping matrix: {missing}"


def test_matrix_has_no_stale_rows():
    stale = sorted(set(MATRIX) - set(project_url_names()))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def expected_status(row: Row, visitor: str) -> int:
    if visitor in row.overrides:
        return row.overrides[visitor]
    if visitor == "anonymous":
        if row.anonymous_status is not None:
            return row.anonymous_status
        return row.ok if row.public else 302
    return row.ok if visitor in row.allowed else 403


@pytest.fixture
def ctx(users, institution, other_institution, other_operator, other_official):
    """In-scope objects belong to `operator` in 海滨街道; out-of-scope ones to `other_operator` in 宝平街道.

    A row module may define extra_ctx(ctx) -> dict to add the objects its URLs need (filings, documents …).
    """
    ctx = {
        "users": users,
        "institution": institution,
        "other_institution": other_institution,
        "other_operator": other_operator,
        "other_official": other_official,
    }
    for build in EXTRA_CTX:
        ctx.update(build(ctx))
    return ctx


def request(client, row: Row, url: str):
    return client.post(url) if row.method == "post" else client.get(url)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, ctx, name, visitor):
    row = MATRIX[name]
    if visitor != "anonymous":
        client.force_login(ctx["users"][visitor])
    url = row.url(ctx)
    response = request(client, row, url)
    expected = expected_status(row, visitor)
    assert response.status_code == expected, f"{name} as {visitor}: {response.status_code} != {expected}"
    if visitor == "anonymous" and expected == 302 and not row.public:
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), response["Location"]


# Operators and officials see their institutions and jurisdiction only; the commission and departments the district's
# register, and a member department only the inspections it took part in (rows with narrow_for).
OUT_OF_SCOPE = {Role.OPERATOR: 404, Role.OFFICIAL: 404, Role.COMMISSION: None, Role.DEPARTMENT: None}


@pytest.mark.parametrize("visitor", list(OUT_OF_SCOPE))
@pytest.mark.parametrize("name", sorted(n for n, r in MATRIX.items() if r.out_of_scope))
def test_an_object_outside_the_visitors_scope(client, ctx, name, visitor):
    """404 for an operator or an official (never a 403 that confirms it exists); the district roles' usual answer."""
    row = MATRIX[name]
    if visitor not in row.allowed:
        pytest.skip("this role may not use the page at all (403, tested above)")
    client.force_login(ctx["users"][visitor])
    expected = 404 if visitor in row.narrow_for else (OUT_OF_SCOPE[visitor] or row.ok)
    assert request(client, row, row.out_of_scope(ctx)).status_code == expected


@pytest.mark.parametrize("visitor", ["anonymous", *[r for r in Role.values if r not in (Role.ADMIN, Role.AUDITOR)]])
def test_django_admin_is_for_system_administrators_only(client, ctx, visitor):
    if visitor != "anonymous":
        client.force_login(ctx["users"][visitor])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_audit_administrator_is_refused_the_django_admin(client, ctx):
    """Separation of duties (等保 三级 安全管理中心): the auditor reads the logs and changes nothing, admin included."""
    client.force_login(ctx["users"][Role.AUDITOR])
    assert client.get(reverse("admin:index")).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_django_admin_opens_for_the_system_administrator(client, ctx):
    client.force_login(ctx["users"][Role.ADMIN])
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:institutions_institution_changelist")).status_code == 200
