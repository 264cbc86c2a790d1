"""Every change to who runs an institution: claims (code or official), invitations, removals. Each one leaves a
row in the memberships' history, which the institution's history card shows."""

from __future__ import annotations

import datetime
import re
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import User
from baodi_care.accounts.permissions import has_role
from baodi_care.accounts.security_log.choices import SecurityAction, SecurityOutcome
from baodi_care.accounts.security_log.recorder import record
from baodi_care.accounts.selectors import officials_of
from baodi_care.accounts.services import notify
from baodi_care.accounts.signup.services import portal_url, send_portal_mail
from baodi_care.accounts.sms import send_sms
from institutions.choices import ClaimMethod, ClaimStatus
from institutions.models import Institution, InstitutionClaim, Invitation, Membership
from institutions.permissions import can_decide_claim, is_owner
from institutions.register.services import link_operator

CODE_SALT = "institutions.members.claim_code"
INVITATION_SALT = "institutions.members.invitation"
MOBILE = re.compile(r"^1[3-9]\d{9}$")

NO_SUCH_INSTITUTION = _("No institution on the register has this credit code. Check it, or register the institution.")
ALREADY_MEMBER = _("Your account already runs this institution.")
HAS_OWNER = _("This institution already has an owner in the portal: ask them to invite you.")
NO_CONTACT = _(
    "The register holds no mobile number or e-mail address for this institution: ask its sub-district/town to "
    "approve your claim instead."
)
TOO_MANY_CODES = _(
    "Too many codes were sent for this claim today. Try again tomorrow, or ask the sub-district/town to approve."
)
CLAIM_NOT_PENDING = _("This claim has already been decided.")
WRONG_CODE = _("The code is wrong. Check the message and try again.")
CODE_EXPIRED = _("The code has expired or was tried too many times. Start a new claim.")
NOT_OWNER = _("Only the owner of the institution invites and removes its members.")
INVITATION_INVALID = _("This invitation is invalid, has expired, was withdrawn or has already been used.")
INVITATION_OTHER_ADDRESS = _(
    "This invitation was sent to another e-mail address. Sign in with the account of that address to accept it."
)


def _hash(code: str, claim_pk: int) -> str:
    return salted_hmac(CODE_SALT, f"{claim_pk}:{code}").hexdigest()


def mask(contact: str) -> str:
    """A phone or address shown only in part (138****1111, w***@example.cn)."""
    if "@" in contact:
        name, _at, domain = contact.partition("@")
        return f"{name[:1]}***@{domain}"
    return f"{contact[:3]}****{contact[-4:]}" if len(contact) >= 7 else "****"


def contact_on_record(institution: Institution) -> tuple[str, str]:
    """("sms", mobile) when the register's contact phone is a mobile, else ("email", address), else ("", "")."""
    phone = re.sub(r"[\s-]", "", institution.contact_phone or "")
    if MOBILE.match(phone):
        return "sms", phone
    if institution.contact_email:
        return "email", institution.contact_email
    return "", ""


def find_institution(uscc: str) -> Institution:
    institution = Institution.objects.filter(uscc=uscc.strip().upper()).first()
    if institution is None:
        raise ValidationError({"uscc": NO_SUCH_INSTITUTION})
    return institution


def _check_claimable(institution: Institution, by: User) -> None:
    if not has_role(by, Role.OPERATOR):
        raise PermissionDenied
    if institution.memberships.filter(user=by).exists():
        raise ValidationError(ALREADY_MEMBER)
    if institution.memberships.filter(is_owner=True).exists():
        raise ValidationError(HAS_OWNER)


def _check_code_budget(institution: Institution, by: User) -> None:
    """At most CLAIM_CODES_PER_DAY codes a day per claimant, and per institution: nobody floods a contact with texts."""
    since = timezone.now() - datetime.timedelta(days=1)
    recent = InstitutionClaim.objects.filter(method=ClaimMethod.CODE, created_at__gte=since)
    limit = settings.CLAIM_CODES_PER_DAY
    if limit > 0 and (
        recent.filter(claimant=by).count() >= limit or recent.filter(institution=institution).count() >= limit
    ):
        raise ValidationError({"method": TOO_MANY_CODES})


@transaction.atomic
def start_claim(*, uscc: str, method: str, by: User) -> InstitutionClaim:
    """An operator claims an institution on the register by its credit code: a code goes to the contact on record,
    or the officials of its 街镇 are asked to approve. Nobody becomes a member yet."""
    institution = find_institution(uscc)
    _check_claimable(institution, by)
    claim = InstitutionClaim(institution=institution, claimant=by, method=ClaimMethod(method))
    if method == ClaimMethod.CODE:
        channel, contact = contact_on_record(institution)
        if not channel:
            raise ValidationError({"method": NO_CONTACT})
        _check_code_budget(institution, by)
        claim.sent_to = mask(contact)
        claim.expires_at = timezone.now() + datetime.timedelta(minutes=settings.CLAIM_CODE_MINUTES)
        claim.save()
        code = f"{secrets.randbelow(10**6):06d}"
        claim.code_hash = _hash(code, claim.pk)
        claim.save(update_fields=["code_hash"])
        params = {"code": code, "name": institution.name, "minutes": settings.CLAIM_CODE_MINUTES}
        if channel == "sms":
            text = _("Baodi Childcare portal: %(code)s is the code to claim %(name)s. It works %(minutes)s minutes.")
            transaction.on_commit(lambda: send_sms(contact, text % params))
        else:
            context = {**params, "institution": institution}
            transaction.on_commit(
                lambda: send_portal_mail(to=contact, template="institutions/members/mail_claim_code", context=context)
            )
        return claim
    claim.save()
    notify(
        recipients=officials_of(institution.jurisdiction_id),
        message=_("%(user)s claims %(institution)s: please check and approve or refuse the claim."),
        params={"user": by.get_full_name(), "institution": institution.name},
        url=claim.get_absolute_url(),
    )
    return claim


def _approve(claim: InstitutionClaim, by: User, reason: str) -> Membership:
    claim.status = ClaimStatus.APPROVED
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_at", "decided_by", "attempts"])
    return link_operator(institution=claim.institution, user=claim.claimant, by=by, owner=True, reason=reason)


def enter_claim_code(*, claim: InstitutionClaim, code: str, by: User) -> InstitutionClaim:
    """The claimant types the code sent to the contact on record: right, they own the institution; wrong
    CLAIM_CODE_MAX_ATTEMPTS times, or after CLAIM_CODE_MINUTES, the claim fails. A wrong try is counted (committed)
    before the refusal is raised."""
    with transaction.atomic():
        claim = InstitutionClaim.objects.select_for_update().select_related("institution").get(pk=claim.pk)
        if claim.claimant_id != by.pk or claim.method != ClaimMethod.CODE:
            raise PermissionDenied
        if not claim.is_pending:
            raise ValidationError(CLAIM_NOT_PENDING)
        if claim.code_expired or claim.attempts >= settings.CLAIM_CODE_MAX_ATTEMPTS:
            claim.status = ClaimStatus.FAILED
            claim.save(update_fields=["status"])
            refusal = CODE_EXPIRED
        elif not constant_time_compare(claim.code_hash, _hash(code.strip(), claim.pk)):
            claim.attempts += 1
            if claim.attempts >= settings.CLAIM_CODE_MAX_ATTEMPTS:
                claim.status = ClaimStatus.FAILED
            claim.save(update_fields=["attempts", "status"])
            refusal = CODE_EXPIRED if claim.status == ClaimStatus.FAILED else WRONG_CODE
        else:
            _check_claimable(claim.institution, by)
            _approve(claim, by, reason="claim: code")
            return claim
    record(
        SecurityAction.CLAIM_CODE,
        outcome=SecurityOutcome.FAILURE,
        user=by,
        obj=claim.institution,
        detail=f"claim {claim.pk}: attempt {claim.attempts}, {claim.status}",
    )
    raise ValidationError(refusal)


@transaction.atomic
def decide_claim(*, claim: InstitutionClaim, by: User, approve: bool, note: str = "") -> InstitutionClaim:
    """An official of the institution's 街镇 approves (the claimant becomes its owner) or refuses a claim."""
    claim = InstitutionClaim.objects.select_for_update().select_related("institution", "claimant").get(pk=claim.pk)
    if not can_decide_claim(by, claim):
        raise ValidationError(
            _("Only an official of the institution's sub-district/town decides this claim.")
            if claim.is_pending
            else CLAIM_NOT_PENDING
        )
    claim.decided_by = by
    claim.note = note[:300]
    params = {"institution": claim.institution.name, "note": note or "—"}
    if approve:
        _check_claimable(claim.institution, claim.claimant)
        claim.save(update_fields=["note"])
        _approve(claim, by, reason="claim: approved by the sub-district/town")
        notify(
            recipients=[claim.claimant],
            message=_("Your claim of %(institution)s was approved: you are its owner in the portal."),
            params=params,
            url=claim.get_absolute_url(),
        )
    else:
        claim.status = ClaimStatus.REFUSED
        claim.decided_at = timezone.now()
        claim.save(update_fields=["status", "decided_at", "decided_by", "note"])
        notify(
            recipients=[claim.claimant],
            message=_("Your claim of %(institution)s was refused: %(note)s"),
            params=params,
            url=claim.get_absolute_url(),
        )
    return claim


# --- Invitations and removals ------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT)


def invitation_for(token: str) -> Invitation | None:
    """The open invitation the token names, or None (forged, older than INVITATION_DAYS, used or withdrawn)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=settings.INVITATION_DAYS * 86400)
    except signing.BadSignature:
        return None
    invitation = Invitation.objects.select_related("institution").filter(pk=data.get("i")).first()
    return invitation if invitation and invitation.is_open else None


@transaction.atomic
def invite_member(*, institution: Institution, email: str, by: User) -> Invitation:
    """The owner invites a colleague by e-mail; the link in the mail works INVITATION_DAYS days."""
    if not is_owner(by, institution):
        raise PermissionDenied(NOT_OWNER)
    email = email.strip().lower()
    if any(i.is_open for i in institution.invitations.filter(email__iexact=email)):
        raise ValidationError({"email": _("This address already has an open invitation.")})
    if institution.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": ALREADY_MEMBER})
    invitation = Invitation.objects.create(institution=institution, email=email, invited_by=by)
    context = {
        "institution": institution, "by": by, "days": settings.INVITATION_DAYS,
        "link": portal_url(reverse("institutions:invitation_accept", args=[invitation_token(invitation)])),
        "signup_url": portal_url(reverse("accounts:signup")),
    }  # fmt: skip
    transaction.on_commit(
        lambda: send_portal_mail(to=email, template="institutions/members/mail_invitation", context=context)
    )
    record(SecurityAction.MEMBER_INVITED, user=by, obj=institution, detail=email)
    return invitation


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, by: User) -> Invitation:
    if not is_owner(by, invitation.institution):
        raise PermissionDenied(NOT_OWNER)
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(SecurityAction.INVITATION_WITHDRAWN, user=by, obj=invitation.institution, detail=invitation.email)
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, by: User) -> Membership:
    """The invited colleague, signed in with the invited address, joins the institution."""
    invitation = invitation_for(token)
    if invitation is None:
        raise ValidationError(INVITATION_INVALID)
    if not has_role(by, Role.OPERATOR):
        raise ValidationError(_("Only operator accounts can run an institution."))
    if by.email.strip().lower() != invitation.email:
        raise ValidationError(INVITATION_OTHER_ADDRESS)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(INVITATION_INVALID)
    invitation.accepted_by = by
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    return link_operator(institution=invitation.institution, user=by, by=by, reason="invitation")


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    """The owner removes a member; the removal stays in the memberships' history (who, when, by whom)."""
    if not is_owner(by, membership.institution):
        raise PermissionDenied(NOT_OWNER)
    if membership.is_owner:
        raise ValidationError(_("The owner cannot be removed."))
    membership._history_user = by
    membership.delete()
    record(SecurityAction.MEMBER_REMOVED, user=by, obj=membership.institution, detail=membership.user.get_username())
    notify(
        recipients=[membership.user],
        message=_("You no longer run %(institution)s in the portal (removed by its owner)."),
        params={"institution": membership.institution.name},
    )
