"""The register, and the operator's side of registration and filing.

Views parse input, call one service, and redirect with a message. Every object is looked up through
`for_user()`, so anything outside the user's scope is a 404.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import STAFF_ROLES, RoleRequiredMixin

from . import services, snapshots, standards
from .choices import (
    OPEN_FILING_STATUSES,
    REGISTRATION_AUTHORITY,
    Category,
    FilingAction,
    FilingKind,
    FilingStatus,
    Verdict,
)
from .filters import InstitutionFilter
from .forms import (
    ClassFormSet,
    DocumentUploadForm,
    InstitutionForm,
    StaffFormSet,
    declaration_form_class,
)
from .models import Document, DocumentType, Filing, Institution, SectionReview
from .permissions import can_edit_filing, can_edit_institution, is_member
from .selectors import institution_list

OPERATOR_ONLY = (Role.OPERATOR,)
# Roles that take part in filings; member departments read the register only.
FILING_ROLES = (Role.OPERATOR, Role.OFFICIAL, Role.COMMISSION)

# A proper name, printed as it appears on the commission's seal.
ISSUING_AUTHORITY = "天津市宝坻区卫生健康委员会"

FILING_NOT_EDITABLE = gettext_lazy("This filing is “%(status)s” and can no longer be changed.")
FILING_PAGE_STALE = gettext_lazy(
    "This page was out of date, so nothing was submitted. Check the filing and submit again."
)
NOTHING_TO_UPLOAD = gettext_lazy("Choose a document type and a file to upload.")

EVENT_LABELS = {
    "create": gettext_lazy("Filing started"),
    "upload": gettext_lazy("Document uploaded"),
    **{action.value: action.label for action in FilingAction},
}

# 托育机构基本条件告知书: printed with the 备案回执 (登记和备案办法 Art. 9). A summary of the 设置标准 and
# 管理规范 the institution has pledged to keep.
BASIC_CONDITIONS_NOTICE = (
    (
        gettext_lazy("Premises"),
        gettext_lazy(
            "The premises must be safe, suited to infants and toddlers and away from pollution and hazards. "
            "Rooms used by children are on the first to third floor and never underground. The premises are "
            "owned, or leased for at least 3 years, and meet the building, fire-safety and health requirements."
        ),
    ),
    (
        gettext_lazy("Staff and their qualifications"),
        gettext_lazy(
            "The person in charge holds a junior-college degree or higher, has at least 3 years of related "
            "management experience and has passed the job training. Caregivers are trained and qualified; "
            "health workers are trained by a maternal and child health institution; security guards hold a "
            "security guard certificate and come from a licensed security company. Every member of staff "
            "passes a health check before starting work and every year after, and keeps a valid health "
            "certificate."
        ),
    ),
    (
        gettext_lazy("Class sizes and staff ratios"),
        gettext_lazy(
            "Infant classes (6–12 months) take at most 10 children with at least one caregiver per 3 children; "
            "toddler classes (12–24 months) at most 15 children, one caregiver per 5; senior toddler classes "
            "(24–36 months) at most 20 children, one caregiver per 7; mixed-age classes (over 18 months) at "
            "most 18 children. There is at least one full-time health worker per 150 children. Children "
            "enrolled never exceed the filed seats."
        ),
    ),
    (
        gettext_lazy("Health, safety and food"),
        gettext_lazy(
            "The institution carries out morning and midday health checks, cleaning and disinfection, "
            "infectious-disease prevention and accident prevention. Video surveillance covers the areas "
            "children use and recordings are kept for at least 90 days; a one-button alarm is armed around the "
            "clock; emergency plans are drilled. Meals are served only with a food business licence, under "
            "food-safety rules and with balanced nutrition."
        ),
    ),
    (
        gettext_lazy("Fees and public disclosure"),
        gettext_lazy(
            "Fee items and amounts, care, meals and nutrition, health care and safety arrangements are "
            "disclosed to parents and the public; no fee is charged beyond the disclosed items."
        ),
    ),
    (
        gettext_lazy("Changes, stopping service and supervision"),
        gettext_lazy(
            "A change of name, address, person in charge, service form or seats is filed within 15 days of the "
            "change; before stopping service the institution files a deregistration and arranges the care of "
            "the enrolled children. The institution reports its enrolled children regularly and accepts the "
            "supervision of the health commission and the sub-district or town. This receipt records the "
            "filing; it is not a rating of quality."
        ),
    ),
)


def _error_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names (or above the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _described_findings(findings: list[dict]) -> list[dict]:
    return [standards.describe(f) for f in findings]


# --- Register ------------------------------------------------------------------------------------


class InstitutionListView(RoleRequiredMixin, TemplateView):
    """The register of the user's scope, for officials, the commission and member departments."""

    allowed_roles = STAFF_ROLES
    template_name = "institutions/institution_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = InstitutionFilter(
            self.request.GET or None, queryset=institution_list(user=self.request.user), user=self.request.user
        )
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(filter=filterset, page_obj=page, institutions=page.object_list, query=query.urlencode())
        return ctx


class InstitutionDetailView(TemplateView):
    """One institution, for anyone whose scope includes it (404 otherwise)."""

    template_name = "institutions/institution_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        institution = get_object_or_404(
            Institution.objects.for_user(user).select_related("jurisdiction"), pk=kwargs["pk"]
        )
        today = timezone.localdate()
        classes = list(institution.classes.all())
        staff = list(institution.staff.select_related("class_group"))
        for member in staff:
            member.qualification_expired = bool(member.qualification_expiry and member.qualification_expiry < today)
            member.health_expired = bool(member.health_certificate_expiry and member.health_certificate_expiry < today)
        filings = (
            list(Filing.objects.for_user(user).filter(institution=institution).order_by("-created_at", "-pk"))
            if user.role in FILING_ROLES
            else []
        )
        member = is_member(user, institution)
        can_edit = member and can_edit_institution(user, institution)
        open_filing = next((f for f in filings if f.status in OPEN_FILING_STATUSES), None)
        startable = []
        if member and open_filing is None:
            startable = [kind for kind in FilingKind if institution.status in services.ALLOWED_KINDS[kind]]
        ctx.update(
            institution=institution,
            classes=classes,
            total_seats=sum(c.seats for c in classes),
            staff=staff,
            filings=filings,
            open_filing=open_filing,
            startable_kinds=startable,
            is_member=member,
            can_edit=can_edit,
            needs_setup=can_edit and (not classes or not staff),
            findings=_described_findings(services.preview_findings(institution, today)),
            history=institution.history.select_related("history_user")[:20],
        )
        return ctx


class InstitutionCreateView(RoleRequiredMixin, View):
    """An operator registers a new institution; its membership is created with it."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/institution_form.html"

    def render_form(self, request, form):
        return render(
            request,
            self.template_name,
            {"form": form, "institution": None, "authorities": _authorities_json()},
        )

    def get(self, request):
        return self.render_form(request, InstitutionForm(user=request.user))

    def post(self, request):
        form = InstitutionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                institution = services.register_institution(by=request.user, **form.institution_fields())
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("“%(name)s” is registered. Next, add its classes and staff, then start the initial filing.")
                    % {"name": institution.name},
                )
                return redirect(institution)
        return self.render_form(request, form)


def _authorities_json() -> str:
    return json.dumps({k: str(v) for k, v in REGISTRATION_AUTHORITY.items()}, ensure_ascii=False)


def _editable_institution(request, pk: int) -> Institution | None:
    """The operator's institution if its data may still change; None (with a message) when closed."""
    institution = get_object_or_404(Institution.objects.for_user(request.user).select_related("jurisdiction"), pk=pk)
    if not can_edit_institution(request.user, institution):
        messages.error(request, services.INSTITUTION_CLOSED)
        return None
    return institution


class InstitutionEditView(RoleRequiredMixin, View):
    """The operator corrects or updates the institution's facts."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/institution_form.html"

    def render_form(self, request, form, institution):
        return render(
            request,
            self.template_name,
            {"form": form, "institution": institution, "authorities": _authorities_json()},
        )

    def get(self, request, pk):
        institution = _editable_institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        return self.render_form(request, InstitutionForm(instance=institution, user=request.user), institution)

    def post(self, request, pk):
        institution = _editable_institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        # The form checks a scratch copy: the object we save stays untouched until the service sets it.
        scratch = Institution.objects.get(pk=institution.pk)
        form = InstitutionForm(request.POST, instance=scratch, user=request.user)
        if form.is_valid():
            try:
                services.update_institution(institution=institution, by=request.user, **form.institution_fields())
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("The institution's facts have been saved."))
                return redirect(institution)
        return self.render_form(request, form, institution)


class InstitutionRowsView(RoleRequiredMixin, View):
    """Classes or staff of an institution, edited as rows; each row keeps its own history."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/institution_rows_form.html"
    formset_class = None
    prefix = ""
    title = ""
    saved_message = ""
    intro = ""

    def render_formset(self, request, formset, institution):
        return render(
            request,
            self.template_name,
            {"formset": formset, "institution": institution, "title": self.title, "intro": self.intro},
        )

    def get(self, request, pk):
        institution = _editable_institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        formset = self.formset_class(instance=institution, prefix=self.prefix)
        return self.render_formset(request, formset, institution)

    def post(self, request, pk):
        institution = _editable_institution(request, pk)
        if institution is None:
            return redirect("institutions:detail", pk)
        formset = self.formset_class(request.POST, instance=institution, prefix=self.prefix)
        if formset.is_valid():
            try:
                services.save_institution_rows(institution=institution, by=request.user, formset=formset)
            except ValidationError as exc:
                _error_messages(request, exc)
            else:
                messages.success(request, self.saved_message)
                return redirect(institution)
        return self.render_formset(request, formset, institution)


class ClassesEditView(InstitutionRowsView):
    formset_class = ClassFormSet
    prefix = "classes"
    title = gettext_lazy("Classes and seats")
    intro = gettext_lazy(
        "One row per class. Size caps: infant class 10, toddler class 15, senior toddler class 20, mixed-age "
        "class 18 (设置标准 Art. 19)."
    )
    saved_message = gettext_lazy("The classes have been saved.")


class StaffEditView(InstitutionRowsView):
    formset_class = StaffFormSet
    prefix = "staff"
    title = gettext_lazy("Staff")
    intro = gettext_lazy(
        "One row per person. Assign each caregiver to the class they look after, and record certificates with "
        "their expiry dates (设置标准 Art. 18–21)."
    )
    saved_message = gettext_lazy("The staff list has been saved.")


# --- Filings -------------------------------------------------------------------------------------


class FilingStartView(RoleRequiredMixin, View):
    """Open a draft filing of the kind the institution's status allows."""

    allowed_roles = OPERATOR_ONLY

    def post(self, request, pk, kind):
        institution = get_object_or_404(Institution.objects.for_user(request.user), pk=pk)
        if kind not in FilingKind.values:
            raise Http404
        try:
            filing = services.start_filing(institution=institution, kind=kind, by=request.user)
        except ValidationError as exc:
            _error_messages(request, exc)
            return redirect(institution)
        messages.success(
            request,
            _("The %(kind)s has been started. Fill in the form, attach the documents and submit.")
            % {"kind": filing.get_kind_display()},
        )
        return redirect("institutions:filing_edit", filing.pk)


def _filing_for(request, pk: int) -> Filing:
    return get_object_or_404(
        Filing.objects.for_user(request.user).select_related("institution", "institution__jurisdiction"), pk=pk
    )


def _documents_by_type(filing: Filing) -> list[dict]:
    """Per document type: the current version and the older ones, newest first (one query)."""
    groups: dict[int, dict] = {}
    rows = filing.documents.select_related("document_type", "uploaded_by").order_by(
        "document_type__position", "document_type_id", "-version"
    )
    for document in rows:
        group = groups.get(document.document_type_id)
        if group is None:
            groups[document.document_type_id] = {
                "type": document.document_type,
                "current": document,
                "older": [],
            }
        else:
            group["older"].append(document)
    return list(groups.values())


def _returned_reviews(filing: Filing) -> list[SectionReview]:
    """The reviewer's item-by-item verdicts of the latest round that was returned for correction."""
    returned_round = filing.section_reviews.filter(verdict=Verdict.CORRECT).aggregate(r=Max("round"))["r"]
    if returned_round is None:
        return []
    return list(filing.section_reviews.filter(round=returned_round).select_related("document_type", "by"))


def _display_value(field: str, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    try:
        model_field = Institution._meta.get_field(field)
    except FieldDoesNotExist:  # snapshot keys that are not model fields (jurisdiction name and code)
        return value
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value


def describe_diff(before: dict, after: dict) -> dict:
    """snapshots.diff() with values worded for people (choice labels, yes/no, — for empty)."""
    result = snapshots.diff(before, after)
    for row in result["facts"]:
        row["before"] = _display_value(row["field"], row["before"])
        row["after"] = _display_value(row["field"], row["after"])
    return result


def _holder(filing: Filing) -> str:
    status = filing.status
    if status in (FilingStatus.DRAFT, FilingStatus.RETURNED):
        return _("The operator of %(institution)s") % {"institution": filing.institution.name}
    if status == FilingStatus.SUBMITTED:
        return _("%(jurisdiction)s (first review)") % {"jurisdiction": filing.institution.jurisdiction.name}
    if status == FilingStatus.ACCEPTED:
        return _("Baodi District Health Commission (acknowledgement)")
    return _("Nobody: the filing is closed")


def _next_step(filing: Filing, user) -> str:
    status = filing.status
    operator = user.role == Role.OPERATOR
    due = filing.due_date.isoformat() if filing.due_date else ""
    if status == FilingStatus.DRAFT:
        return _(
            "Fill in the filing form, accept the pledge and attach the required documents; check the standards "
            "findings, then submit."
        )
    if status == FilingStatus.RETURNED:
        if operator:
            return _(
                "Correct what the reviewer marked below (the institution's data or the documents), then submit again."
            )
        return _("Waiting for the operator to correct and resubmit the filing.")
    if status == FilingStatus.SUBMITTED:
        if user.role == Role.OFFICIAL:
            return _("Review the filing: accept it, return it for correction, or reject it with reasons.")
        return _("Waiting for the sub-district/town's first review, due by %(due)s.") % {"due": due}
    if status == FilingStatus.ACCEPTED:
        if user.role == Role.COMMISSION:
            return _("Acknowledge the filing and issue the receipt, or reject it with reasons.")
        return _(
            "Waiting for the health commission to acknowledge the filing and issue the receipt, due by %(due)s."
        ) % {"due": due}
    if status == FilingStatus.FILED:
        if operator:
            return _(
                "Done. Print the receipt and keep it. File any change of name, address, person in charge, "
                "service form or seats within 15 days."
            )
        return _("Done: the receipt has been issued.")
    if operator:
        return _("The filing was rejected; read the reasons. Fix the problems, then start a new filing.")
    return _("The filing was rejected.")


class FilingDetailView(RoleRequiredMixin, TemplateView):
    """Where a filing is, who holds it, its deadline, history, comments, findings and documents."""

    allowed_roles = FILING_ROLES
    template_name = "institutions/filing_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        filing = _filing_for(self.request, kwargs["pk"])
        institution = filing.institution
        events = list(filing.events.select_related("by"))
        for event in events:
            event.label = EVENT_LABELS.get(event.action, event.action)
        if filing.is_editable:
            findings, findings_live = services.preview_findings(institution), True
        else:
            findings, findings_live = filing.findings, False
        diff = None
        if filing.kind != FilingKind.INITIAL:
            baseline = filing.baseline or services.last_filed_snapshot(institution)
            current = filing.snapshot if not filing.is_editable else snapshots.build_snapshot(institution)
            diff = describe_diff(baseline, current)
        ctx.update(
            filing=filing,
            institution=institution,
            holder=_holder(filing),
            next_step=_next_step(filing, user),
            overdue=filing.is_overdue(),
            events=events,
            reviews=_returned_reviews(filing),
            findings=_described_findings(findings),
            findings_live=findings_live,
            documents=_documents_by_type(filing),
            diff=diff,
            can_edit=can_edit_filing(user, filing),
            is_reviewer=user.role in (Role.OFFICIAL, Role.COMMISSION),
        )
        return ctx


class FilingEditView(RoleRequiredMixin, View):
    """The operator fills in the 备案书, accepts the 承诺书, attaches documents and submits."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/filing_form.html"

    def _editable(self, request, pk) -> Filing | None:
        filing = _filing_for(request, pk)
        if not can_edit_filing(request.user, filing):
            messages.error(request, FILING_NOT_EDITABLE % {"status": filing.get_status_display()})
            return None
        return filing

    def render_page(self, request, filing, form):
        institution = filing.institution
        documents = _documents_by_type(filing)
        present = {group["type"].pk for group in documents}
        required = services.required_document_types(filing)
        required_ids = {t.pk for t in required}
        reviews = _returned_reviews(filing) if filing.status == FilingStatus.RETURNED else []
        section_reviews = {r.section: r for r in reviews if r.section}
        document_reviews = {r.document_type_id: r for r in reviews if r.document_type_id}
        by_type = {group["type"].pk: group for group in documents}
        slots = [
            {
                "type": doc_type,
                "required": True,
                "group": by_type.get(doc_type.pk),
                "review": document_reviews.get(doc_type.pk),
            }
            for doc_type in required
        ]
        slots += [
            {
                "type": group["type"],
                "required": False,
                "group": group,
                "review": document_reviews.get(group["type"].pk),
            }
            for group in documents
            if group["type"].pk not in required_ids
        ]
        diff = None
        if filing.kind != FilingKind.INITIAL:
            diff = describe_diff(services.last_filed_snapshot(institution), snapshots.build_snapshot(institution))
        return render(
            request,
            self.template_name,
            {
                "filing": filing,
                "institution": institution,
                "form": form,
                "pledge_text": services.PLEDGE_TEXT,
                "slots": slots,
                "missing": [t for t in required if t.pk not in present],
                "upload_form": DocumentUploadForm(),
                "other_types": DocumentType.objects.filter(is_active=True),
                "section_reviews": section_reviews,
                "data_reviews": [
                    section_reviews[s] for s in ("basic", "premises", "classes", "staff") if s in section_reviews
                ],
                "findings": _described_findings(services.preview_findings(institution)),
                "diff": diff,
            },
        )

    def get(self, request, pk):
        filing = self._editable(request, pk)
        if filing is None:
            return redirect("institutions:filing_detail", pk)
        form = declaration_form_class(services.DECLARATION_FIELDS[filing.kind])(instance=filing)
        return self.render_page(request, filing, form)

    def post(self, request, pk):
        filing = self._editable(request, pk)
        if filing is None:
            return redirect("institutions:filing_detail", pk)
        scratch = Filing.objects.get(pk=filing.pk)
        form = declaration_form_class(services.DECLARATION_FIELDS[filing.kind])(request.POST, instance=scratch)
        if form.is_valid():
            try:
                services.update_filing(
                    filing=filing,
                    by=request.user,
                    pledge_accepted=form.cleaned_data["pledge_accepted"],
                    **form.declaration_fields(),
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("The filing form has been saved."))
                return redirect("institutions:filing_edit", filing.pk)
        return self.render_page(request, filing, form)


class FilingUploadView(RoleRequiredMixin, View):
    """Attach one file to a filing; a second file of a type becomes its next version."""

    allowed_roles = OPERATOR_ONLY

    def post(self, request, pk):
        filing = _filing_for(request, pk)
        if not can_edit_filing(request.user, filing):
            messages.error(request, FILING_NOT_EDITABLE % {"status": filing.get_status_display()})
            return redirect(filing)
        form = DocumentUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            if not form.errors:
                messages.error(request, NOTHING_TO_UPLOAD)
            return redirect("institutions:filing_edit", filing.pk)
        try:
            document = services.upload_document(
                filing=filing,
                document_type=form.cleaned_data["document_type"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(
                request,
                _("“%(name)s” is attached as %(type)s, version %(version)s.")
                % {"name": document.original_name, "type": document.document_type, "version": document.version},
            )
        return redirect("institutions:filing_edit", filing.pk)


class FilingSubmitView(RoleRequiredMixin, View):
    """Submit (or resubmit) a filing; refusals come back as messages on the filing form."""

    allowed_roles = OPERATOR_ONLY

    def post(self, request, pk):
        filing = _filing_for(request, pk)
        if not can_edit_filing(request.user, filing):
            messages.error(request, FILING_NOT_EDITABLE % {"status": filing.get_status_display()})
            return redirect(filing)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            messages.error(request, FILING_PAGE_STALE)
            return redirect("institutions:filing_edit", filing.pk)
        try:
            services.submit_filing(filing=filing, by=request.user, version=version)
        except ValidationError as exc:
            _error_messages(request, exc)
            return redirect("institutions:filing_edit", filing.pk)
        messages.success(
            request,
            _("The filing has been submitted to %(jurisdiction)s for first review; the answer is due by %(due)s.")
            % {"jurisdiction": filing.institution.jurisdiction.name, "due": filing.due_date.isoformat()},
        )
        return redirect(filing)


class FilingReceiptView(RoleRequiredMixin, TemplateView):
    """The printable 备案回执 with the 托育机构基本条件告知书; it exists only once the filing is filed."""

    allowed_roles = FILING_ROLES
    template_name = "institutions/filing_receipt.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filing = _filing_for(self.request, kwargs["pk"])
        if filing.status != FilingStatus.FILED:
            raise Http404
        facts = filing.snapshot.get("institution", {})
        category = facts.get("category")
        ctx.update(
            filing=filing,
            facts=facts,
            category=Category(category).label if category in Category.values else category,
            seats=sum(c.get("seats", 0) for c in filing.snapshot.get("classes", [])),
            authority=ISSUING_AUTHORITY,
            notice=BASIC_CONDITIONS_NOTICE,
        )
        return ctx


# --- Documents -----------------------------------------------------------------------------------


def _document_for(request, pk: int) -> Document:
    return get_object_or_404(Document.objects.for_user(request.user).select_related("document_type"), pk=pk)


class DocumentDownloadView(RoleRequiredMixin, View):
    """The file as an attachment, under the name it was uploaded with."""

    allowed_roles = FILING_ROLES

    def get(self, request, pk):
        document = _document_for(request, pk)
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name or f"{document.document_type.code}.{document.extension}",
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


@method_decorator(xframe_options_sameorigin, name="dispatch")
class DocumentPreviewView(RoleRequiredMixin, View):
    """The file inline, for the review page's viewer; only the sniffed PDF/PNG/JPEG types are ever sent."""

    allowed_roles = FILING_ROLES

    def get(self, request, pk):
        document = _document_for(request, pk)
        response = FileResponse(
            document.file.open("rb"),
            filename=document.original_name or f"{document.document_type.code}.{document.extension}",
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        if document.extension == "pdf":
            response["Content-Security-Policy"] = "sandbox"
        return response
