"""The operator's side of a filing: starting one, the filing form with its documents, submitting, and the page
where anyone taking part sees where it stands."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from baodi_care.accounts.choices import Role
from baodi_care.accounts.permissions import OPERATOR_ONLY, RoleRequiredMixin
from baodi_care.core.views import RefusalMixin, ServiceActionView, ServiceFormView
from institutions.choices import DECLARATION_FIELDS, FilingAction, FilingKind, FilingStatus, Verdict
from institutions.filings import selectors, services, snapshots
from institutions.filings.forms import DocumentUploadForm, declaration_form_class
from institutions.filings.selectors import described_findings
from institutions.filings.views import FilingMixin
from institutions.identity_numbers import shown
from institutions.models import Filing, Institution, SectionReview
from institutions.permissions import FILING_ROLES, can_edit_filing
from institutions.register.views import InstitutionMixin

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


class FilingStartView(RoleRequiredMixin, InstitutionMixin, ServiceActionView):
    """Open a draft filing of the kind the institution's status allows."""

    allowed_roles = OPERATOR_ONLY

    def perform(self):
        if self.kwargs["kind"] not in FilingKind.values:
            raise Http404
        return services.start_filing(institution=self.object, kind=self.kwargs["kind"], by=self.request.user)

    def get_success_message(self, filing) -> str:
        return _("The %(kind)s has been started. Fill in the form, attach the documents and submit.") % {
            "kind": filing.get_kind_display()
        }

    def get_success_url(self, filing) -> str:
        return reverse("institutions:filing_edit", args=[filing.pk])


class EditableFilingMixin(RefusalMixin, FilingMixin):
    """The operator's filing while it may still change (draft or returned); the steps go on on its form."""

    def refusal(self) -> str:
        if can_edit_filing(self.request.user, self.object):
            return ""
        return FILING_NOT_EDITABLE % {"status": self.object.get_status_display()}

    def filing_form_url(self) -> str:
        return reverse("institutions:filing_edit", args=[self.object.pk])

    def get_failure_url(self) -> str:
        return self.filing_form_url()


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
    value = shown(field, value, reveal=False)  # an operator reads identity numbers masked
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
    due = filing.receipt_due.isoformat() if filing.receipt_due else ""
    if status == FilingStatus.DRAFT:
        return _(
            "Fill in the filing form, accept the pledge and attach the required documents; check the standards "
            "findings, then submit."
        )
    if status == FilingStatus.RETURNED:
        if operator:
            if filing.received_on and filing.answer_due:
                return _(
                    "Correct what the reviewer marked below (the institution's data), then submit again before "
                    "%(due)s: the answer on this filing is due by then."
                ) % {"due": filing.answer_due.isoformat()}
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
                "service form or seats promptly after it happens."
            )
        return _("Done: the receipt has been issued.")
    if operator:
        return _("The filing was rejected; read the reasons. Fix the problems, then start a new filing.")
    return _("The filing was rejected.")


class FilingDetailView(RoleRequiredMixin, FilingMixin, TemplateView):
    """Where a filing is, who holds it, its deadline, history, comments, findings and documents."""

    allowed_roles = FILING_ROLES
    template_name = "institutions/filings/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        filing = self.object
        institution = filing.institution
        selectors.for_display([filing], timezone.localdate())
        events = list(filing.events.select_related("by"))
        for event in events:
            event.label = EVENT_LABELS.get(event.action, event.action)
        if filing.is_editable:
            findings, findings_live = selectors.preview_findings(institution, proposal=filing.proposed_facts), True
        else:
            findings, findings_live = filing.findings, False
        diff = None
        if filing.kind != FilingKind.INITIAL:
            baseline = filing.baseline or selectors.last_filed_snapshot(institution)
            current = filing.snapshot if not filing.is_editable else selectors.current_snapshot(filing)
            diff = describe_diff(baseline, current)
        ctx.update(
            filing=filing,
            institution=institution,
            holder=_holder(filing),
            next_step=_next_step(filing, user),
            overdue=filing.overdue,
            events=events,
            reviews=_returned_reviews(filing),
            findings=described_findings(findings),
            findings_live=findings_live,
            documents=_documents_by_type(filing),
            diff=diff,
            can_edit=can_edit_filing(user, filing),
            is_reviewer=user.role in (Role.OFFICIAL, Role.COMMISSION),
        )
        return ctx


class FilingEditView(RoleRequiredMixin, EditableFilingMixin, ServiceFormView):
    """The operator fills in the 备案书, accepts the 承诺书, attaches documents and submits."""

    allowed_roles = OPERATOR_ONLY
    template_name = "institutions/filings/form.html"

    @property
    def is_change(self) -> bool:
        return self.object.kind == FilingKind.CHANGE

    def get_form_class(self):
        return declaration_form_class(DECLARATION_FIELDS[self.object.kind], change=self.is_change)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "instance": self.form_instance()}
        return {**kwargs, "institution": self.object.institution} if self.is_change else kwargs

    def perform(self, form):
        proposed = {"proposed": form.proposed_facts()} if self.is_change else {}
        return services.update_filing(
            filing=self.object,
            by=self.request.user,
            pledge_accepted=form.cleaned_data["pledge_accepted"],
            **proposed,
            **form.declaration_fields(),
        )

    def get_success_message(self) -> str:
        return _("The filing form has been saved.")

    def get_success_url(self) -> str:
        return self.filing_form_url()

    def get_context_data(self, **kwargs):
        filing = self.object
        institution = filing.institution
        documents = _documents_by_type(filing)
        present = {group["type"].pk for group in documents}
        required = selectors.required_document_types(filing)
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
            diff = describe_diff(selectors.last_filed_snapshot(institution), selectors.current_snapshot(filing))
        return {
            **super().get_context_data(**kwargs),
            "filing": filing,
            "institution": institution,
            "pledge_text": services.pledge_text_for(filing),
            "family_point": selectors.is_family_point_filing(filing),
            "slots": slots,
            "missing": [t for t in required if t.pk not in present],
            "upload_form": DocumentUploadForm(),
            "other_types": selectors.document_types_for(filing),
            "section_reviews": section_reviews,
            "data_reviews": [
                section_reviews[s] for s in ("basic", "premises", "classes", "staff") if s in section_reviews
            ],
            "findings": described_findings(selectors.preview_findings(institution, proposal=filing.proposed_facts)),
            "diff": diff,
        }


class FilingUploadView(RoleRequiredMixin, EditableFilingMixin, ServiceActionView):
    """Attach one file to a filing; a second file of a type becomes its next version."""

    allowed_roles = OPERATOR_ONLY

    def perform(self):
        form = DocumentUploadForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            # Refused like a service's refusal: the reasons as messages, back on the filing form.
            raise ValidationError([str(m) for errors in form.errors.values() for m in errors] or [NOTHING_TO_UPLOAD])
        return services.upload_document(
            filing=self.object,
            document_type=form.cleaned_data["document_type"],
            upload=form.cleaned_data["file"],
            by=self.request.user,
        )

    def get_success_message(self, document) -> str:
        return _("“%(name)s” is attached as %(type)s, version %(version)s.") % {
            "name": document.original_name,
            "type": document.document_type,
            "version": document.version,
        }

    def get_success_url(self, document) -> str:
        return self.filing_form_url()


class FilingSubmitView(RoleRequiredMixin, EditableFilingMixin, ServiceActionView):
    """Submit (or resubmit) a filing; refusals come back as messages on the filing form."""

    allowed_roles = OPERATOR_ONLY

    def perform(self):
        try:
            version = int(self.request.POST.get("version", ""))
        except ValueError:
            raise ValidationError(FILING_PAGE_STALE) from None
        return services.submit_filing(filing=self.object, by=self.request.user, version=version)

    def get_success_message(self, result) -> str:
        filing = self.object
        return _(
            "The filing has been submitted to %(jurisdiction)s for first review; the receipt is due by %(due)s."
        ) % {"jurisdiction": filing.institution.jurisdiction.name, "due": filing.receipt_due.isoformat()}
