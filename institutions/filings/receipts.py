"""Reads for the 备案回执 on paper: what the receipt carries (the print view and the PDF print the same facts), its
QR code and the public verification page's answer (still valid, or replaced by a change filing or a 注销)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.choices import Category, FilingKind, FilingStatus
from institutions.models import Filing

# A proper name, printed as it appears on the commission's seal.
ISSUING_AUTHORITY = "天津市宝坻区卫生健康委员会"


# 托育机构基本条件告知书: the points of 《托育机构登记和备案办法（试行）》 (国卫办人口发〔2019〕25号) 附件4, quoted as
# the national text has them (the Chinese catalogue holds the wording; the English msgid is a translation).
NOTICE_SOURCE = _("《托育机构登记和备案办法（试行）》（国卫办人口发〔2019〕25号）附件4")
NOTICE_INTRO = _(
    "A childcare institution shall provide its services in accordance with the relevant laws, regulations, "
    "standards and norms, and shall meet the following basic conditions:"
)
NOTICE_POINTS = (
    _(
        "It complies with the Law on the Protection of Minors, the Construction Law, the Fire Protection Law, the "
        "Measures for the Administration of Health Care in Nurseries and Kindergartens and other laws and "
        "regulations, and with the Code for Design of Nursery and Kindergarten Buildings, the Code for Fire "
        "Protection Design of Buildings and other national or industry standards."
    ),
    _(
        "It meets the requirements of the Childcare Institution Establishment Standards (Trial), the Childcare "
        "Institution Management Norms (Trial) and others."
    ),
    _(
        "Where it provides meals, it complies with the Food Safety Law and other laws and regulations, and with "
        "the applicable food safety standards."
    ),
    _("Other conditions set by laws and regulations."),
)
# The district's own summary of the main requirements, printed as an annex to the national text: a reading aid
# with no force of its own (the msgids are those of the summary printed before, so its wording stays).
SUMMARY_TITLE = _("Annex: the district's summary of the main requirements")
SUMMARY_NOTE = _("A summary for reference only; where it differs, the national and Tianjin texts prevail.")
SUMMARY_POINTS = (
    (
        _("Premises"),
        _(
            "The premises must be safe, suited to infants and toddlers and away from pollution and hazards. Rooms "
            "used by children are on the first to third floor and never underground. The premises are owned, or "
            "leased for at least 3 years, and meet the building, fire-safety and health requirements."
        ),
    ),
    (
        _("Staff and their qualifications"),
        _(
            "The person in charge holds a junior-college degree or higher, has at least 3 years of related "
            "management experience and has passed the job training. Caregivers are trained and qualified; health "
            "workers are trained by a maternal and child health institution; security guards hold a security guard "
            "certificate and come from a licensed security company. Every member of staff passes a health check "
            "before starting work and every year after, and keeps a valid health certificate."
        ),
    ),
    (
        _("Class sizes and staff ratios"),
        _(
            "Infant classes (6–12 months) take at most 10 children with at least one caregiver per 3 children; "
            "toddler classes (12–24 months) at most 15 children, one caregiver per 5; senior toddler classes "
            "(24–36 months) at most 20 children, one caregiver per 7; mixed-age classes (over 18 months) at most 18 "
            "children. There is at least one full-time health worker per 150 children. Children enrolled never "
            "exceed the filed seats."
        ),
    ),
    (
        _("Health, safety and food"),
        _(
            "The institution carries out morning and midday health checks, cleaning and disinfection, "
            "infectious-disease prevention and accident prevention. Video surveillance covers the areas children use "
            "and recordings are kept for at least 90 days; a one-button alarm is armed around the clock; emergency "
            "plans are drilled. Meals are served only with a food business licence, under food-safety rules and with "
            "balanced nutrition."
        ),
    ),
    (
        _("Fees and public disclosure"),
        _(
            "Fee items and amounts, care, meals and nutrition, health care and safety arrangements are disclosed to "
            "parents and the public; no fee is charged beyond the disclosed items."
        ),
    ),
    (
        _("Changes, stopping service and supervision"),
        # 登记和备案办法 Art. 10 says 及时 and sets no number of days.
        _(
            "A change of name, address, person in charge, service form or seats is filed promptly after the change; "
            "before stopping service the institution files a deregistration and arranges the care of the enrolled "
            "children. The institution reports its enrolled children regularly and accepts the supervision of the "
            "health commission and the sub-district or town. This receipt records the filing; it is not a rating of "
            "quality."
        ),
    ),
)


class Standing:
    """Where a receipt stands, as the verification page says it."""

    VALID = "valid"
    REPLACED = "replaced"  # a later 变更备案 was acknowledged: its receipt records the institution now
    DEREGISTERED = "deregistered"  # a later 注销备案 was acknowledged: the institution no longer provides care
    DEREGISTRATION = "deregistration"  # this receipt itself records the 注销


STANDING_TEXT = {
    Standing.VALID: _("Valid: this is the institution's current filing receipt."),
    Standing.REPLACED: _("Replaced: a change filing was acknowledged later; its receipt is the current one."),
    Standing.DEREGISTERED: _("No longer valid: the institution filed its deregistration (注销备案)."),
    Standing.DEREGISTRATION: _("This receipt records the deregistration (注销备案) of the institution."),
}


@dataclass(frozen=True)
class ReceiptFacts:
    """What the printed receipt carries, from the filing's frozen snapshot (never the live record)."""

    filing: Filing
    name: str
    uscc: str
    address: str
    jurisdiction: str
    category: str
    category_code: str
    seats: int
    staff_count: int
    principal_name: str
    provides_meals: bool
    authority: str
    verify_url: str

    @property
    def is_family_point(self) -> bool:
        return self.category_code == Category.FAMILY


def verification_url(filing: Filing) -> str:
    """The absolute address the QR code holds: PORTAL_BASE_URL (the public name of the portal, as in e-mails)."""
    path = reverse("public:receipt_verify", args=[filing.verification_token])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def receipt_facts(filing: Filing) -> ReceiptFacts:
    """The receipt's facts: 托位数 (the filed classes' seats) and 从业人员数 (the filed staff) included."""
    facts = filing.snapshot.get("institution", {})
    category = facts.get("category") or ""
    return ReceiptFacts(
        filing=filing,
        name=facts.get("name") or filing.institution.name,
        uscc=facts.get("uscc") or "",
        address=facts.get("address") or "",
        jurisdiction=facts.get("jurisdiction") or "",
        category=str(Category(category).label) if category in Category.values else category,
        category_code=category,
        seats=sum(c.get("seats", 0) for c in filing.snapshot.get("classes", [])),
        staff_count=len(filing.snapshot.get("staff", [])),
        principal_name=facts.get("principal_name") or "",
        provides_meals=bool(facts.get("provides_meals")),
        authority=ISSUING_AUTHORITY,
        verify_url=verification_url(filing) if filing.verification_token else "",
    )


def qr_code(url: str) -> segno.QRCode:
    """The QR code of the verification address, made here (no outside service sees the address)."""
    return segno.make(url, error="m")


def qr_svg(url: str) -> str:
    """The QR code as an inline SVG element: presentation attributes only, no style (the site's CSP)."""
    return qr_code(url).svg_inline(scale=4, border=2, title=str(_("QR code to verify this receipt")))


@dataclass(frozen=True)
class Verification:
    """The public answer about one receipt: no personal data (no names of people, phones or addresses)."""

    receipt_number: str
    institution: str
    uscc: str
    jurisdiction: str
    kind: str
    filed_on: datetime.date
    standing: str
    later_number: str = ""
    later_on: datetime.date | None = None

    @property
    def is_valid(self) -> bool:
        return self.standing == Standing.VALID

    @property
    def text(self) -> str:
        return str(STANDING_TEXT[self.standing])


def receipt_by_token(token: str) -> Filing | None:
    """The filed filing whose receipt carries this token, if any."""
    if not token or len(token) > Filing._meta.get_field("verification_token").max_length:
        return None
    return (
        Filing.objects.filter(verification_token=token, status=FilingStatus.FILED)
        .select_related("institution", "institution__jurisdiction")
        .first()
    )


def verify_receipt(filing: Filing) -> Verification:
    """Whether the receipt still records the institution: a later acknowledged filing replaces it."""
    facts = filing.snapshot.get("institution", {})
    later = (
        Filing.objects.filter(institution_id=filing.institution_id, status=FilingStatus.FILED)
        .filter(decided_at__gt=filing.decided_at)
        .order_by("decided_at")
        .only("kind", "receipt_number", "decided_at")
    )
    deregistration = later.filter(kind=FilingKind.DEREGISTRATION).first()
    newer = later.filter(kind=FilingKind.CHANGE).last()
    if filing.kind == FilingKind.DEREGISTRATION:
        standing, after = Standing.DEREGISTRATION, None
    elif deregistration is not None:
        standing, after = Standing.DEREGISTERED, deregistration
    elif newer is not None:
        standing, after = Standing.REPLACED, newer
    else:
        standing, after = Standing.VALID, None
    return Verification(
        receipt_number=filing.receipt_number or "",
        institution=facts.get("name") or filing.institution.name,
        uscc=facts.get("uscc") or "",
        jurisdiction=facts.get("jurisdiction") or filing.institution.jurisdiction.name,
        kind=filing.get_kind_display(),
        filed_on=timezone.localdate(filing.decided_at),
        standing=standing,
        later_number=(after.receipt_number or "") if after else "",
        later_on=timezone.localdate(after.decided_at) if after else None,
    )
