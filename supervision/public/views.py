"""Public pages, no sign-in: the register of filed institutions, an institution's page, the rejected filings with
their reasons, the complaint form and the complaint-status page. They show no personal data at all.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from baodi_care.accounts import ratelimit
from baodi_care.accounts.network import client_ip
from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.recorder import record
from baodi_care.core.lists import ListPageView
from institutions.designations.selectors import granted_designations
from institutions.filings import receipts
from institutions.models import Institution
from supervision.complaints.forms import ComplaintForm
from supervision.complaints.services import submit_complaint
from supervision.public import selectors
from supervision.public.filters import RegisterFilter
from supervision.public.forms import StatusLookupForm

COMPLAINT_RATE_LIMITED = _(
    "Too many complaints have been sent from your connection in the last hour, so this one was not saved. "
    "Please try again later, or call the 12345 hotline."
)
COMPLAINT_CODE_UNKNOWN = _("No complaint has this tracking code. Check the code (10 letters and digits) and try again.")
RATE_SCOPE = "complaint"  # complaints per client address and hour (baodi_care.accounts.ratelimit)
# The code of the complaint just sent, kept in the sender's session so that a reload shows it again.
SESSION_KEY = "complaint_tracking_code"


@method_decorator(login_not_required, name="dispatch")
class PublicView(TemplateView):
    """A page anyone may open, signed in or not."""


class RegisterView(PublicView, ListPageView):
    """The public register of filed institutions, with search and filters."""

    template_name = "supervision/public/register.html"
    title = _("Public register of childcare institutions")
    filterset_class = RegisterFilter
    paginate_by = 20
    filter_columns = {
        "q": "col-12 col-md-6 col-lg-4",
        "jurisdiction": "col-6 col-md-3 col-lg-2",
        "category": "col-6 col-md-3 col-lg-3",
        "service_form": "col-6 col-md-4 col-lg-3",
        "fee_min": "col-6 col-md-4 col-lg-2",
        "fee_max": "col-6 col-md-4 col-lg-2",
        "inclusive": "col-6 col-md-4 col-lg-3",
    }

    def get_queryset(self):
        # Anyone may read the register: the published rows (filed institutions), the same for every visitor.
        return selectors.register_queryset()

    def get_hidden_filters(self):
        return set()

    def decorate(self, rows):
        return selectors.public_rows(rows)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = self.listing.filterset.form
        ctx.update(form=form, filtered=form.is_bound and bool(form.filters()))
        return ctx


class InstitutionView(PublicView):
    """One filed institution: its filed facts, fee disclosure and last inspection, in plain words."""

    template_name = "supervision/public/institution.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        institution = selectors.public_institution(kwargs["pk"])
        if institution is None:
            raise Http404
        today = timezone.localdate()
        ctx.update(
            institution=institution,
            fees=selectors.fee_disclosures(institution.pk, today),
            inspection=selectors.last_inspection(institution.pk),
            rejections=list(selectors.public_rejections(institution.pk)[:10]),
            designations=granted_designations(institution.pk),
            today=today,
        )
        return ctx


class RejectionsView(PublicView):
    """Rejected filings, made public as 登记和备案办法 Art. 9 has it: institution, date, reasons."""

    template_name = "supervision/public/rejections.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = Paginator(selectors.public_rejections(), self.paginate_by).get_page(self.request.GET.get("page"))
        ctx.update(title=_("Filings rejected, with their reasons"), page_obj=page, rejections=page.object_list)
        return ctx


class ComplaintCreateView(PublicView):
    """The complaint form: no account, no captcha, a limit per connection and hour."""

    template_name = "supervision/public/complaint_form.html"

    def institutions(self):
        return Institution.objects.filter(status__in=selectors.PUBLIC_STATUSES)

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if form is None:
            initial = {}
            pk = self.request.GET.get("institution", "")
            if pk.isdigit() and self.institutions().filter(pk=pk).exists():
                initial["institution"] = pk
            form = ComplaintForm(initial=initial, institutions=self.institutions())
        chosen = form["institution"].value()
        institution = None
        if chosen and str(chosen).isdigit() and not form.errors.get("institution"):
            institution = selectors.public_institution(int(chosen))
        ctx.update(form=form, institution=institution)
        return ctx

    def post(self, request):
        # Per client as the trusted proxies report it (client_ip: a spoofed X-Forwarded-For is ignored). The
        # complaint is counted now, in one step with the check (two app processes cannot both take the last one),
        # and given back unless it is received: an invalid form costs nothing.
        address = client_ip(request)
        token = ratelimit.take(RATE_SCOPE, address, settings.COMPLAINT_RATE_LIMIT_PER_HOUR)
        if token is None:
            record(SecurityAction.RATE_LIMITED, outcome=SecurityOutcome.REFUSED, detail="complaint")
            return self.response_class(
                request=request, template=["supervision/public/complaint_rate_limited.html"],
                context={"message": COMPLAINT_RATE_LIMITED}, status=429,
            )  # fmt: skip
        received = False
        try:
            received, response = self.receive(request)
        finally:
            if not received:
                ratelimit.give_back(RATE_SCOPE, address, token)
        return response

    def receive(self, request):
        """(True, the redirect) when the complaint is received, else (False, the form again)."""
        form = ComplaintForm(request.POST, institutions=self.institutions())
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = submit_complaint(
                    institution=data["institution"], institution_name=data["institution_name"],
                    jurisdiction=data["jurisdiction"], category=data["category"], description=data["description"],
                    contact_name=data["contact_name"], contact_phone=data["contact_phone"],
                )  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session[SESSION_KEY] = complaint.tracking_code
                return True, redirect("public:complaint_received")
        return False, self.render_to_response(self.get_context_data(form=form))


@method_decorator(never_cache, name="dispatch")  # one complainant's tracking code: never cached
class ComplaintReceivedView(PublicView):
    """The tracking code of the complaint this browser just sent, shown large, with the way to check on it."""

    template_name = "supervision/public/complaint_received.html"

    def get(self, request, *args, **kwargs):
        code = request.session.get(SESSION_KEY)
        if not code:
            return redirect("public:complaint_status")
        status_url = f"{reverse('public:complaint_status')}?code={code}"
        return self.render_to_response(self.get_context_data(code=code, status_url=status_url))


@method_decorator(never_cache, name="dispatch")  # one complaint's status, reached by its code: never cached
class ComplaintStatusView(PublicView):
    """Anyone with a tracking code sees the status, the dates and, once closed, the outcome; nothing else."""

    template_name = "supervision/public/complaint_status.html"

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("code", "")
        form = StatusLookupForm(request.GET if "code" in request.GET else None)
        complaint = selectors.complaint_status(raw) if raw.strip() else None
        not_found = bool(raw.strip()) and complaint is None
        ctx = self.get_context_data(form=form, complaint=complaint, not_found=not_found, message=COMPLAINT_CODE_UNKNOWN)
        return self.render_to_response(ctx, status=404 if not_found else 200)


@method_decorator(never_cache, name="dispatch")  # a receipt's standing changes with a later change or 注销
class ReceiptVerifyView(PublicView):
    """The page a receipt's QR code opens: the receipt number, institution and date, and whether it still stands.

    The address carries the receipt's random token, never its (sequential) number, so the page cannot be used to
    list receipts; it shows no personal data. An unknown token is a 404 with a plain explanation.
    """

    template_name = "supervision/public/receipt_verify.html"

    def get(self, request, *args, **kwargs):
        filing = receipts.receipt_by_token(kwargs["token"])
        if filing is None:
            return self.render_to_response({"verification": None}, status=404)
        return self.render_to_response({"verification": receipts.verify_receipt(filing)})
