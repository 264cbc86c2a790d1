"""The 备案回执 and the 备案书 as PDF files (ReportLab, pure Python), in the reader's language.

Chinese text needs a CJK font. The first of PDF_CJK_FONTS that exists is embedded (a subset: Debian's
fonts-wqy-microhei, /usr/share/fonts/truetype/wqy/wqy-microhei.ttc, by default); without any, ReportLab's built-in
Adobe CID font STSong-Light is used, which needs no font file (the reader's PDF viewer supplies the glyphs). Either
way the text stays text: it can be searched, copied and read aloud.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from institutions.choices import ClassType, FilingKind, StaffRole
from institutions.filings import receipts
from institutions.filings.selectors import current_snapshot
from institutions.filings.snapshots import field_label
from institutions.identity_numbers import shown
from institutions.models import Filing

CID_FALLBACK = "STSong-Light"
FONT_NAME = "BaodiCJK"


@functools.cache
def cjk_font() -> str:
    """The registered name of the CJK font the PDFs use (embedded TrueType, else the built-in CID font)."""
    for candidate in settings.PDF_CJK_FONTS:
        path = Path(candidate)
        if not path.is_file():
            continue
        try:
            font = (
                TTFont(FONT_NAME, str(path), subfontIndex=0) if path.suffix == ".ttc" else TTFont(FONT_NAME, str(path))
            )
        except Exception:  # noqa: S112 - a font ReportLab cannot read (e.g. CFF outlines): try the next one
            continue
        pdfmetrics.registerFont(font)
        return FONT_NAME
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK


def _styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    # wordWrap CJK: Chinese lines break between any two characters, as Chinese text does.
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=13),
        "title": ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=4),
        "number": ParagraphStyle("number", parent=body, fontSize=12, leading=18, alignment=TA_CENTER, spaceAfter=10),
        "heading": ParagraphStyle("heading", parent=body, fontSize=13, leading=20, alignment=TA_CENTER, spaceAfter=6),
        "subheading": ParagraphStyle("subheading", parent=body, fontSize=11.5, leading=18, spaceBefore=8, spaceAfter=4),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=14),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _facts_table(rows: list[tuple[str, object]], styles, widths=(48 * mm, 122 * mm)) -> Table:
    table = Table(
        [
            [_p(label, styles["cell"]), _p(value if value not in (None, "") else "—", styles["cell"])]
            for label, value in rows
        ],
        colWidths=widths,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.94, 0.94, 0.94)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _grid(header: list[str], rows: list[list[object]], styles, widths) -> Table:
    data = [[_p(h, styles["cell"]) for h in header]] + [[_p(v, styles["cell"]) for v in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.94, 0.94, 0.94)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _qr(url: str, size: float = 30 * mm) -> Drawing:
    """The verification QR code, drawn module by module from segno's matrix (the same code as the print view)."""
    matrix = receipts.qr_code(url).matrix
    border = 2
    count = len(matrix) + 2 * border
    cell = size / count
    drawing = Drawing(size, size)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                drawing.add(
                    Rect(
                        (x + border) * cell,
                        size - (y + border + 1) * cell,
                        cell,
                        cell,
                        fillColor=colors.black,
                        strokeColor=None,
                    )
                )
    return drawing


class SealArea(Flowable):
    """A dashed ring where the commission's seal is stamped, with 盖章 in it."""

    def __init__(self, label: str, font: str, diameter: float = 36 * mm):
        super().__init__()
        self.label, self.font, self.diameter = label, font, diameter
        self.width = self.height = diameter

    def draw(self):
        canvas = self.canv
        radius = self.diameter / 2
        canvas.setDash(3, 3)
        canvas.setStrokeColor(colors.grey)
        canvas.circle(radius, radius, radius - 1, stroke=1, fill=0)
        canvas.setDash()
        canvas.setFillColor(colors.grey)
        canvas.setFont(self.font, 10)
        canvas.drawCentredString(radius, radius - 4, self.label)


def _signature_lines(labels: list[str], styles) -> Table:
    rows = [[_p(label, styles["body"]), ""] for label in labels]
    table = Table(rows, colWidths=(62 * mm, 60 * mm), rowHeights=12 * mm)
    table.setStyle(
        TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    )
    return table


def _document(buffer, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=receipts.ISSUING_AUTHORITY,
        creator="baodi_care",
    )


def _date(value) -> str:
    if not value:
        return "—"
    if hasattr(value, "tzinfo"):
        value = timezone.localdate(value)
    return date_format(value, "DATE_FORMAT")


def _notice(styles) -> list:
    points = ListFlowable(
        [ListItem(_p(point, styles["body"]), leftIndent=14) for point in receipts.NOTICE_POINTS],
        bulletType="1",
        bulletFontName=cjk_font(),
        leftIndent=14,
    )
    return [
        _p(_("Notice of the basic conditions for childcare institutions"), styles["heading"]),
        _p(receipts.NOTICE_INTRO, styles["body"]),
        Spacer(1, 4),
        points,
        Spacer(1, 6),
        _p(f"{_('Source:')} {receipts.NOTICE_SOURCE}", styles["small"]),
    ]


def _summary(styles) -> list:
    items = [
        ListItem([_p(heading, styles["subheading"]), _p(text, styles["small"])], leftIndent=14)
        for heading, text in receipts.SUMMARY_POINTS
    ]
    return [
        _p(receipts.SUMMARY_TITLE, styles["heading"]),
        _p(receipts.SUMMARY_NOTE, styles["small"]),
        ListFlowable(items, bulletType="1", bulletFontName=cjk_font(), leftIndent=14),
    ]


def receipt_pdf(filing: Filing) -> bytes:
    """The 备案回执: facts (托位数, 从业人员数), seal area, signature lines, QR code; the 告知书 and the annex."""
    styles = _styles()
    receipt = receipts.receipt_facts(filing)
    title = _("Childcare institution filing receipt")
    story: list = [
        _p(title, styles["title"]),
        _p(f"{_('Receipt number')}：{filing.receipt_number}", styles["number"]),
        _facts_table(
            [
                (_("Institution"), receipt.name),
                (_("Unified social credit code"), receipt.uscc),
                (_("Address"), receipt.address),
                (_("Jurisdiction"), receipt.jurisdiction),
                (_("Category"), receipt.category),
                (_("Number of seats"), receipt.seats),
                (_("Number of staff"), receipt.staff_count),
                (_("Person in charge"), receipt.principal_name),
                (_("Kind of filing"), filing.get_kind_display()),
                (_("Submitted"), _date(filing.first_submitted_at)),
                (_("Filed on"), _date(filing.decided_at)),
            ],
            styles,
        ),
        Spacer(1, 8),
        _p(
            _(
                "The filing of %(name)s has been received and recorded. The institution shall keep meeting the basic "
                "conditions below and accept supervision."
            )
            % {"name": receipt.name},
            styles["body"],
        ),
        Spacer(1, 10),
    ]
    qr_cell: list = []
    if receipt.verify_url:
        qr_cell = [
            _qr(receipt.verify_url),
            _p(_("Scan to check that this receipt is genuine and still valid:"), styles["small"]),
            _p(receipt.verify_url, styles["small"]),
        ]
    seal_cell = [
        SealArea(_("(seal)"), cjk_font()),
        _p(receipt.authority, styles["right"]),
        _p(_date(filing.decided_at), styles["right"]),
    ]
    bottom = Table([[qr_cell, seal_cell]], colWidths=(80 * mm, 90 * mm))
    bottom.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    story += [
        KeepTogether([bottom]),
        Spacer(1, 8),
        _signature_lines(
            [_("Handled by (signature):"), _("Received for the institution (signature):"), _("Date:")], styles
        ),
    ]
    if not receipt.is_family_point:  # a 家庭托育点's receipt carries no 告知书
        story += [PageBreak(), *_notice(styles), Spacer(1, 14), *_summary(styles)]
    buffer = io.BytesIO()
    _document(buffer, f"{title} {filing.receipt_number}").build(story)
    return buffer.getvalue()


# The 备案书's facts, in the order of the form (snapshots.INSTITUTION_FIELDS less the ones shown elsewhere).
# "jurisdiction" and "service_forms" are worded from several facts.
FORM_FACTS = [
    "name", "uscc", "legal_form", "ownership", "category", "jurisdiction", "service_forms", "opening_hours",
    "provides_meals", "meals_source", "registration_certificate_number", "registration_authority_name",
    "scope_names_childcare", "sponsor_type", "sponsor_name", "sponsor_id_number", "sponsor_contact",
    "registered_address", "address", "legal_representative", "principal_name", "contact_phone", "contact_email",
    "premises_tenure", "lease_start_date", "lease_end_date", "lessor", "house_use", "fire_resistance_rating", "floor",
    "building_area", "indoor_area", "outdoor_area",
]  # fmt: skip
SERVICE_FORMS = [
    ("offers_full_day", "full_day"),
    ("offers_half_day", "half_day"),
    ("offers_hourly", "hourly"),
    ("offers_temporary", "temporary"),
]


def _fact_value(name: str, value):
    from institutions.models import Institution

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    field = Institution._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value


def filing_form_pdf(filing: Filing, *, reveal: bool = False) -> bytes:
    """The 备案书 as submitted (a draft: as it would be submitted now), with its classes, staff and the 承诺书; identity
    numbers masked unless `reveal` (the commission: identity_numbers.sees_identity_numbers)."""
    from institutions.choices import ServiceForm

    styles = _styles()
    snapshot = filing.snapshot or current_snapshot(filing)
    facts = snapshot.get("institution", {})
    title = _("Childcare institution filing form")
    rows = []
    for name in FORM_FACTS:
        if name == "jurisdiction":
            rows.append((_("Jurisdiction"), facts.get("jurisdiction")))
        elif name == "service_forms":
            forms = [str(ServiceForm(code).label) for flag, code in SERVICE_FORMS if facts.get(flag)]
            rows.append((_("Service forms"), "、".join(forms)))
        elif name in facts:
            rows.append((field_label(name), _fact_value(name, shown(name, facts.get(name), reveal=reveal))))
    story: list = [
        _p(title, styles["title"]),
        _p(f"{filing.get_kind_display()} · {filing.get_status_display()}", styles["number"]),
    ]
    if filing.receipt_number:
        story.append(_p(f"{_('Receipt number')}：{filing.receipt_number}", styles["number"]))
    story += [_p(_("Basic facts"), styles["subheading"]), _facts_table(rows, styles)]
    classes = snapshot.get("classes", [])
    story += [_p(_("Classes and seats"), styles["subheading"])]
    story.append(
        _grid(
            [_("Class"), _("Class type"), _("Seats")],
            [
                [
                    c["name"],
                    ClassType(c["class_type"]).label if c["class_type"] in ClassType.values else c["class_type"],
                    c["seats"],
                ]
                for c in classes
            ]
            + [[_("Total"), "", sum(c.get("seats", 0) for c in classes)]],
            styles,
            (60 * mm, 70 * mm, 40 * mm),
        )
    )
    staff = snapshot.get("staff", [])
    story += [_p(_("Staff") + f"（{len(staff)}）", styles["subheading"])]
    if staff:
        story.append(
            _grid(
                [_("Full name"), _("Role"), _("Class"), _("Qualification"), _("ID number"), _("No criminal record")],
                [
                    [
                        s.get("name"),
                        StaffRole(s["role"]).label if s.get("role") in StaffRole.values else s.get("role"),
                        s.get("class"),
                        s.get("qualification"),
                        shown("id_number", s.get("id_number") or "", reveal=reveal),
                        _("Declared") if s.get("no_criminal_record_declared") else _("Not declared"),
                    ]
                    for s in staff
                ],
                styles,
                (26 * mm, 30 * mm, 24 * mm, 30 * mm, 38 * mm, 22 * mm),
            )
        )
    declaration = [(_("Applicant"), f"{filing.applicant_name} {filing.applicant_phone}".strip())]
    if filing.kind == FilingKind.INITIAL:
        declaration.append((_("Service starts"), _date(filing.service_start_date)))
    elif filing.kind == FilingKind.CHANGE:
        declaration += [
            (_("Date of the change"), _date(filing.change_date)),
            (_("What changed"), filing.change_description),
        ]
    else:
        declaration += [
            (_("Service stops"), _date(filing.stop_date)),
            (_("Children's arrangements"), filing.children_arrangements),
        ]
    declaration.append((_("Submitted"), _date(filing.first_submitted_at)))
    story += [_p(_("Filing form"), styles["subheading"]), _facts_table(declaration, styles)]
    story += [_p(_("Pledge"), styles["subheading"])]
    story.append(_p(filing.pledge_text or _("not yet accepted"), styles["body"]))
    story += [
        Spacer(1, 12),
        HRFlowable(width="100%", thickness=0.3, color=colors.grey),
        _signature_lines([_("Operator (signature or seal):"), _("Date:")], styles),
    ]
    buffer = io.BytesIO()
    _document(buffer, f"{title} · {facts.get('name', '')}").build(story)
    return buffer.getvalue()
