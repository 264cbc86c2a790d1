"""In a real browser, the main pages of every role and the public pages checked with axe-core against WCAG 2.1 A
and AA (issue 8 §5; GB/T 37668-2019 follows WCAG 2.0 AA). A page fails on any violation of impact serious or
critical; the report names the rule, its impact and help, and the failing elements' selectors, page by page.

The data is the demo district (`load_demo`, built through the services) plus the few objects that it lacks and a
page needs: a draft inspection, a draft fee disclosure and a filing returned for correction.

axe-core is loaded from the live server's static URL (static/vendor/axe-core/): Playwright's add_script_tag(path=…)
injects an inline script, which the CSP rightly refuses; the CSP stays in force during the test.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse
from playwright.sync_api import Page

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.home.management.commands.load_demo import DEMO_PASSWORD
from institutions.choices import FilingStatus, FollowUpOutcome, InstitutionStatus
from institutions.fees import services as fees_services
from institutions.models import FeeSchedule, Filing, Institution, OperatingReport
from institutions.unfiled import services as unfiled_services
from supervision.choices import ComplaintStatus, InspectionStatus
from supervision.models import ChecklistTemplate, Complaint, Inspection, Rectification
from tests.builders.complaints import make_complaint_about
from tests.builders.filings import make_returned_filing
from tests.builders.inspections import make_draft_inspection
from tests.builders.register import make_institution, make_staff_compliant, make_unfiled_registration
from tests.e2e.steps import DESKTOP, PHONE, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
SMALL_PHONE = {"locale": "zh-CN", "viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
# Operators and parents work on phones; officials, the commission and member departments on desktops.
DEVICE = {Role.OPERATOR: PHONE, "public": PHONE}
# The demo accounts (load_demo) of each role.
USERNAME = {
    Role.OPERATOR: "operator",
    Role.OFFICIAL: "official",
    Role.COMMISSION: "commission",
    Role.DEPARTMENT: "department",
}

RUN_AXE = """async (tags) => {
  const results = await window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""

# axe-core flags a link inside text only when its colour is too close to the text's (link-in-text-block); WCAG 1.4.1
# asks for a cue other than colour whatever the colours: a link that shares its line with other text is underlined.
BARE_LINKS = """() => {
  const controls = ".btn, .nav-link, .navbar-brand, .dropdown-item, .page-link, .badge, .list-group-item";
  const blockOf = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith("inline")) node = node.parentElement;
    return node;
  };
  return [...document.querySelectorAll("main a[href], footer a[href]")].filter((a) => {
    if (a.matches(controls) || !a.textContent.trim() || a.getClientRects().length === 0) return false;
    const others = blockOf(a).textContent.replace(a.textContent, "").replace(/[\\s·|,，、:：()（）]/g, "");
    if (!others) return false;  // the link is its block's only text
    const style = getComputedStyle(a);
    return !style.textDecorationLine.includes("underline") && !(parseFloat(style.borderBottomWidth) > 0);
  }).map((a) => ({target: a.id ? "#" + a.id : a.outerHTML.slice(0, 120), summary: "no underline or border"}));
}"""


@pytest.fixture
def district() -> dict:
    """The demo district, and the objects its pages need that the demo does not hold."""
    call_command("load_demo", "--force", stdout=io.StringIO())
    users = {role: User.objects.get(username=name) for role, name in USERNAME.items()}
    operator, official = users[Role.OPERATOR], users[Role.OFFICIAL]
    mine = Institution.objects.for_user(operator).filter(jurisdiction=official.jurisdiction)
    filed = mine.filter(status=InstitutionStatus.FILED).order_by("pk").first()
    # A draft inspection (the inspection form) at a filed institution of the official's jurisdiction.
    make_draft_inspection(filed, official)
    # A draft of the next fee disclosure (the fee form).
    fees_services.start_fee_schedule(institution=filed, by=operator, copy_current=True)
    # A filing returned for correction, with the reviewer's comment on one section (the filing form).
    returned = make_institution(operator=operator, jurisdiction=official.jurisdiction, name="海滨彩虹桥托育中心")
    make_returned_filing(make_staff_compliant(returned), operator, official)
    # A complaint from a parent about it, waiting for the official.
    make_complaint_about(filed, description="接孩子时发现午睡室窗户没有防护栏，老师不在班里。")
    # An institution a registration list gives with 托育 in its business scope, not filed, followed up once.
    unfiled = make_unfiled_registration(official.jurisdiction, by=users[Role.COMMISSION])
    unfiled_services.record_follow_up(
        institution=unfiled, by=official, outcome=FollowUpOutcome.CONTACTED, note="电话联系，已告知备案要求"
    )
    return {"users": users, "filed": filed, "unfiled": unfiled}


def _first(queryset, **filters):
    obj = queryset.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo data has no {queryset.model.__name__} for {filters}"
    return obj


def staff_pages(role: str, user: User) -> list[tuple[str, str]]:
    """(label, url) of the main pages of a role, on objects within the user's scope."""
    institution = _first(Institution.objects.for_user(user), status=InstitutionStatus.FILED)
    inspection = _first(Inspection.objects.for_user(user), status=InspectionStatus.FINISHED)
    pages = [
        ("home", reverse("home")),
        ("institution", reverse("institutions:detail", args=[institution.pk])),
        ("inspections", reverse("supervision:inspection_list")),
        ("inspection", reverse("supervision:inspection_detail", args=[inspection.pk])),
        ("profile", reverse("accounts:profile")),
        ("inbox", reverse("accounts:inbox")),
    ]
    if role == Role.DEPARTMENT:  # the register and the inspections it took part in, nothing more (DESIGN §1)
        return [*pages, ("register", reverse("institutions:list")), ("exports", reverse("supervision:export_list"))]
    rectification = _first(Rectification.objects.for_user(user))
    pages += [
        ("rectification ledger", reverse("supervision:rectification_ledger")),
        ("rectification", reverse("supervision:rectification_detail", args=[rectification.pk])),
        ("institution ledger", reverse("supervision:institution_ledger", args=[institution.pk])),
        ("fees of an institution", reverse("institutions:fee_history", args=[institution.pk])),
        ("fee disclosure", reverse("institutions:fee_detail", args=[_first(FeeSchedule.objects.for_user(user)).pk])),
        ("reports of an institution", reverse("institutions:report_list", args=[institution.pk])),
        (
            "operating report",
            reverse("institutions:report_detail", args=[_first(OperatingReport.objects.for_user(user)).pk]),
        ),
    ]
    if role == Role.OPERATOR:
        draft_fees = _first(FeeSchedule.objects.for_user(user), status="draft")
        returned = _first(Filing.objects.for_user(user), status=FilingStatus.RETURNED)
        submitted = _first(Filing.objects.for_user(user), status=FilingStatus.SUBMITTED)
        pages += [
            ("register an institution", reverse("institutions:create")),
            ("edit the institution", reverse("institutions:edit", args=[institution.pk])),
            ("filing status", reverse("institutions:filing_detail", args=[submitted.pk])),
            ("returned filing", reverse("institutions:filing_detail", args=[returned.pk])),
            ("filing form", reverse("institutions:filing_edit", args=[returned.pk])),
            ("fee form", reverse("institutions:fee_edit", args=[draft_fees.pk])),
            ("report form", reverse("institutions:report_new", args=[institution.pk])),
        ]
        return pages
    pages += [
        ("register", reverse("institutions:list")),
        ("fee status", reverse("institutions:fee_status")),
        ("report status", reverse("institutions:report_status")),
        ("checklists", reverse("supervision:checklist_list")),
        ("checklist", reverse("supervision:checklist_detail", args=[ChecklistTemplate.objects.order_by("pk")[0].pk])),
        ("exports", reverse("supervision:export_list")),
    ]
    if role in (Role.OFFICIAL, Role.COMMISSION):
        waiting = FilingStatus.SUBMITTED if role == Role.OFFICIAL else FilingStatus.ACCEPTED
        filing = _first(Filing.objects.for_user(user), status=waiting)
        complaint = _first(Complaint.objects.for_user(user))
        unfiled = _first(Institution.objects.for_user(user), registration__isnull=False)
        pages += [
            ("registered but not filed", reverse("institutions:unfiled_list")),
            ("registered but not filed, one", reverse("institutions:unfiled_detail", args=[unfiled.pk])),
            ("filing work list", reverse("supervision:filing_worklist")),
            ("filing review", reverse("supervision:filing_review", args=[filing.pk])),
            ("filing status", reverse("institutions:filing_detail", args=[filing.pk])),
            ("coverage", reverse("supervision:coverage")),
            ("complaints", reverse("supervision:complaint_list")),
            ("complaint", reverse("supervision:complaint_detail", args=[complaint.pk])),
            ("dashboard", reverse("supervision:dashboard")),
        ]
    if role == Role.OFFICIAL:
        draft = _first(Inspection.objects.for_user(user), status=InspectionStatus.DRAFT)
        pages += [
            ("new inspection", reverse("supervision:inspection_create")),
            ("inspection form", reverse("supervision:inspection_edit", args=[draft.pk])),
        ]
    if role == Role.COMMISSION:
        receipt = _first(Filing.objects.for_user(user), status=FilingStatus.FILED)
        pages += [
            ("filing receipt", reverse("institutions:filing_receipt", args=[receipt.pk])),
            ("inspection plan", reverse("supervision:inspection_plan")),
            ("holidays", reverse("supervision:holiday_list")),
            ("populations", reverse("supervision:population_edit")),
            ("import", reverse("institutions:import")),
        ]
    return pages


def public_pages() -> list[tuple]:
    institution = (
        Institution.objects.filter(status=InstitutionStatus.FILED, inspections__status=InspectionStatus.FINISHED)
        .order_by("pk")
        .first()
    )
    closed = _first(Complaint.objects.all(), status=ComplaintStatus.CLOSED)
    receipt = _first(Filing.objects.exclude(verification_token=None), status=FilingStatus.FILED)
    status = reverse("public:complaint_status")
    return [
        ("public register", reverse("public:register")),
        ("public register, filtered", reverse("public:register") + "?q=托育&inclusive=1"),
        ("public institution", reverse("public:institution", args=[institution.pk])),
        ("complaint form", reverse("public:complaint_create") + f"?institution={institution.pk}"),
        ("rejected filings", reverse("public:rejections")),
        ("complaint status", status),
        ("complaint status, found", f"{status}?code={closed.tracking_code}"),
        ("complaint status, unknown code", f"{status}?code=ABCDEFGHJK", 404),  # the form again, with the error
        ("open data", reverse("open_data:index")),
        ("receipt verification", reverse("public:receipt_verify", args=[receipt.verification_token])),
        ("receipt verification, unknown", reverse("public:receipt_verify", args=["x" * 22]), 404),
        ("login", reverse("accounts:login")),
        ("password reset", reverse("accounts:password_reset")),
    ]


def axe_violations(page: Page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it stands, and bare links."""
    page.add_script_tag(url=static("vendor/axe-core/axe.min.js"))
    violations = [v for v in page.evaluate(RUN_AXE, AXE_TAGS) if v["impact"] in BLOCKING]
    bare = page.evaluate(BARE_LINKS)
    if bare:
        help_ = "Links inside text are underlined, not told apart by colour alone (WCAG 1.4.1)"
        violations.append({"id": "link-distinguishable", "impact": "serious", "help": help_, "nodes": bare})
    return violations


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in found.items():
        lines.append(f"\n{where}")
        for v in violations:
            lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
            # The first node's reason (for colour contrast: the two colours and the ratio found).
            summary = " ".join(v["nodes"][0]["summary"].split()) if v["nodes"] else ""
            lines.append(f"    e.g. {summary[:300]}")
            lines.extend(f"      {node['target']}" for node in v["nodes"][:12])
            if len(v["nodes"]) > 12:
                lines.append(f"      … and {len(v['nodes']) - 12} more")
    return "\n".join(lines)


def check_pages(page: Page, base: str, who: str, pages: list[tuple]) -> dict[str, list[dict]]:
    """Visit each (label, url[, expected status]) and run axe-core; the violations found, by page."""
    found = {}
    for label, url, *expected in pages:
        response = page.goto(base + url)
        status = response.status if response else None
        assert status == (expected[0] if expected else 200), f"{who}: {label} {url} answered {status}"
        violations = axe_violations(page)
        if violations:
            found[f"[{who}] {label} — {url}"] = violations
    return found


@pytest.mark.parametrize("role", list(USERNAME))
def test_the_pages_of_each_role_pass_axe(live_server, open_page, district, role):
    user = district["users"][role]
    page = open_page(**DEVICE.get(role, DESKTOP))
    sign_in(page, live_server.url, user.username, DEMO_PASSWORD)
    found = check_pages(page, live_server.url, role, staff_pages(role, user))
    print(report(found))
    assert not found, f"{len(found)} page(s) with serious or critical WCAG 2.1 A/AA violations:" + report(found)


def test_the_register_import_preview_passes_axe(live_server, open_page, district, tmp_path):
    """A clerk's list with a title, its own headers and some refused rows: the columns card, the per-row outcome, the
    refused rows and the choice to import the valid ones."""
    from tests.e2e.steps import click_and_wait
    from tests.institutions.imports.register_files import some_bad_rows_csv

    page = open_page(**DESKTOP)
    sign_in(page, live_server.url, USERNAME[Role.COMMISSION], DEMO_PASSWORD)
    page.goto(live_server.url + reverse("institutions:import"))
    upload = tmp_path / "登记名单.csv"
    upload.write_bytes(some_bad_rows_csv())
    page.locator("input[type=file]").set_input_files(str(upload))
    click_and_wait(page, "#upload button[type=submit]")
    page.wait_for_selector("#confirm-valid")
    page.locator("#column-mapping summary").click()
    found = {}
    violations = axe_violations(page)
    if violations:
        found["[commission] import preview"] = violations
    print(report(found))
    assert not found, f"{len(found)} page(s) with serious or critical WCAG 2.1 A/AA violations:" + report(found)


def test_the_audit_administrators_pages_pass_axe(live_server, open_page, district):
    """The demo audit administrator's pages: home, the security log (filtered too) and every audit trail."""
    from supervision.audit.trails import TRAILS

    page = open_page(**DESKTOP)
    sign_in(page, live_server.url, "auditor", DEMO_PASSWORD)
    log = reverse("audit:security_log")
    pages = [("home", reverse("home")), ("security log", log), ("security log, failures", f"{log}?outcome=failure")]
    pages += [(f"trail {key}", reverse("audit:trail", args=[key])) for key in TRAILS]
    found = check_pages(page, live_server.url, "auditor", pages)
    print(report(found))
    assert not found, f"{len(found)} page(s) with serious or critical WCAG 2.1 A/AA violations:" + report(found)


def test_the_public_pages_pass_axe(live_server, open_page, district):
    page = open_page(**DEVICE["public"])
    found = check_pages(page, live_server.url, "public", public_pages())
    print(report(found))
    assert not found, f"{len(found)} page(s) with serious or critical WCAG 2.1 A/AA violations:" + report(found)


def test_the_dashboard_fits_a_375_pixel_phone(live_server, open_page, district):
    """Nothing scrolls sideways on a small phone, and the pages pass axe there too (tables scroll inside their box)."""
    found = {}
    for role in (Role.OFFICIAL, Role.COMMISSION):
        page = open_page(**SMALL_PHONE)
        sign_in(page, live_server.url, USERNAME[role], DEMO_PASSWORD)
        page.goto(live_server.url + reverse("supervision:dashboard"))
        page.wait_for_selector("canvas[data-drawn=true]")
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= inner_width, f"the dashboard scrolls sideways for {role}: {scroll_width} > {inner_width}"
        pages = [("dashboard", reverse("supervision:dashboard")), ("home", reverse("home"))]
        if role == Role.OFFICIAL:
            draft = _first(Inspection.objects.for_user(district["users"][role]), status=InspectionStatus.DRAFT)
            pages.append(("inspection form", reverse("supervision:inspection_edit", args=[draft.pk])))
        found.update(check_pages(page, live_server.url, f"{role}, 375 px", pages))
    print(report(found))
    assert not found, f"{len(found)} page(s) with serious or critical WCAG 2.1 A/AA violations:" + report(found)


def test_the_favicon_loads_on_a_first_visit(live_server, open_page):
    """No request of a first visit fails (the browser's own /favicon.ico included), and each icon named loads."""
    page = open_page(**DESKTOP)
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(live_server.url + reverse("accounts:login"))
    icons = page.locator("link[rel=icon]")
    assert icons.count() == 2
    for href in icons.evaluate_all("links => links.map((link) => link.getAttribute('href'))"):
        assert page.request.get(live_server.url + href).ok, href
    icon = page.request.get(live_server.url + "/favicon.ico")
    assert icon.ok and icon.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert not failed, failed
