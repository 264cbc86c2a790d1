"""`manage.py load_demo`: demo accounts, institutions in every state of filing, and the supervision data."""

import csv
import datetime
import io
import random
from base64 import b32decode

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from baodi_care.accounts.choices import MemberDepartment, Role
from baodi_care.accounts.jurisdictions import full_code
from baodi_care.accounts.models import Jurisdiction, User
from baodi_care.accounts.second_factor.policy import requires_second_factor
from institutions.choices import DESIGNATION_FIELDS, FilingKind, LegalForm
from institutions.demo import document_image, document_pdf, institution_specs, make_uscc, staff_specs
from institutions.designations import services as designations_services
from institutions.filings import selectors as filings_selectors
from institutions.filings import services as filings_services
from institutions.models import Filing, Institution
from institutions.register import services as register_services
from supervision.demo import load as load_supervision_demo

DEMO_PASSWORD = "baodi-demo-2026"  # noqa: S105 - demo only, printed and documented as such

DEMO_USERS = [
    # username, full name, role, jurisdiction code, department
    ("operator", "王丽华（举办者）", Role.OPERATOR, None, ""),
    ("operator2", "李建国（举办者）", Role.OPERATOR, None, ""),
    ("official", "张敏（海滨街道）", Role.OFFICIAL, full_code("001"), ""),
    ("official_baoping", "刘海燕（宝平街道）", Role.OFFICIAL, full_code("002"), ""),
    ("official_dakoutun", "陈志强（大口屯镇）", Role.OFFICIAL, full_code("101"), ""),
    ("commission", "杨春梅（区卫健委）", Role.COMMISSION, None, "区卫生健康委员会"),
    ("department", "赵卫东（区教育局）", Role.DEPARTMENT, None, MemberDepartment.EDUCATION),
    ("admin", "系统管理员", Role.ADMIN, None, "区卫健委信息科"),
    # Reads the security log and the audit trails only; no admin rights (等保 三级: separate from the admin).
    ("auditor", "钱晓燕（审计管理员）", Role.AUDITOR, None, ""),
]

# Demo only: every demo staff account's authenticator has this secret, printed below, so a tester can add it to an
# authenticator app (or run `load_demo --code`) and pass the second factor. Never load demo data into production.
DEMO_TOTP_SECRET = "BAODIDEMOTOTPSECRETONLYFORDEMOXX"  # noqa: S105 - demo only, printed and documented as such
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()


# Demo documents that are photos (a JPEG, as a phone takes them); the others are PDF scans.
PHOTO_DOCUMENTS = {"premises_proof"}


def demo_document(doc_type, institution) -> SimpleUploadedFile:
    """A real file that opens: a one-page PDF, or a JPEG photo, with the document's title on it."""
    if doc_type.code in PHOTO_DOCUMENTS:
        return SimpleUploadedFile(
            f"{doc_type.code}.jpg", document_image(doc_type.name, "jpg"), content_type="image/jpeg"
        )
    data = document_pdf(doc_type.name, institution.name)
    return SimpleUploadedFile(f"{doc_type.code}.pdf", data, content_type="application/pdf")


class Command(BaseCommand):
    help = "Load demo accounts, institutions and filings in every state (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--code", action="store_true", help="Print the demo authenticator's current code (demo only) and stop."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo data even with DEBUG off (a test or training copy; never production).",
        )

    def handle(self, *args, **options):
        if options["code"]:
            self.stdout.write(str(totp(b32decode(DEMO_TOTP_SECRET))).zfill(6))
            return
        if not settings.DEBUG and not options["force"]:
            # Demo accounts with a published password and a published second factor must never reach production.
            raise CommandError(
                "DEBUG is off, so this looks like production: load_demo would add accounts whose password and "
                "second factor are published. Nothing was loaded. Use DJANGO_DEBUG=1 (as `make run` does), or "
                "add --force for a test or training copy that is not production."
            )
        # The demo's notifications stay in the inboxes; nobody needs a console full of demo e-mails.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            created_users, created_institutions = self.load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {created_users} new accounts, {created_institutions} new institutions "
                f"({Institution.objects.count()} institutions, {Filing.objects.count()} filings in all)."
            )
        )
        self.stdout.write("Demo accounts (demo only, never in production); password for all: " + DEMO_PASSWORD)
        for username, full_name, role, _code, _dep in DEMO_USERS:
            self.stdout.write(f"  {username:<18} {Role(role).label} · {full_name}")
        self.stdout.write(
            "Staff accounts also need a code from an authenticator app (demo only): add the secret "
            f"{DEMO_TOTP_SECRET} to one, or run `manage.py load_demo --code` for the current code. Per account:"
        )
        for device in TOTPDevice.objects.filter(key=DEMO_TOTP_KEY).select_related("user").order_by("user__username"):
            self.stdout.write(f"  {device.user.username:<18} {device.config_url}")

    @transaction.atomic
    def load(self):
        jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
        users = {}
        created_users = 0
        for username, full_name, role, code, department in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    full_name=full_name,
                    role=role,
                    jurisdiction=jurisdictions.get(code),
                    department=department,
                    email=f"{username}@example.cn",
                    phone="13800000000",
                    is_staff=role == Role.ADMIN,
                    is_superuser=role == Role.ADMIN,
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                created_users += 1
            users[username] = user
            if requires_second_factor(user):
                TOTPDevice.objects.get_or_create(
                    user=user, name="demo authenticator", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
                )

        # Spread the register over the demo officials' jurisdictions first, then the rest of the district.
        ordered = [jurisdictions[c] for c in (full_code("001"), full_code("002"), full_code("101"))]
        ordered += [j for c, j in sorted(jurisdictions.items()) if j not in ordered]
        created_institutions = 0
        today = timezone.localdate()
        admin = users["admin"]
        officials = {u.jurisdiction_id: u for u in users.values() if u.role == Role.OFFICIAL}
        rng = random.Random(2026)
        for i, spec in enumerate(institution_specs(ordered, today)):
            spec = dict(spec)
            planned, step = spec.pop("status"), spec.pop("step")
            granted = [d for d, name in DESIGNATION_FIELDS.items() if spec.pop(name, False)]
            owner = users["operator"] if spec["jurisdiction"].code == full_code("001") else users["operator2"]
            if Institution.objects.filter(uscc=spec["uscc"]).exists():
                continue
            created_institutions += 1
            staff = staff_specs(spec, rng, today)
            if step == "legacy":
                # Taken over from the existing register (登记和备案办法 Art. 6) with its status.
                institution, _ = register_services.import_institution(by=admin, status=planned, **spec)
                self.add_staff(institution, staff, admin)
                register_services.link_operator(institution=institution, user=owner, by=admin, owner=True)
                self.grant(institution, granted, users["commission"], today)
                continue
            classes = spec.pop("classes")
            institution = register_services.register_institution(by=owner, classes=classes, **spec)
            self.add_staff(institution, staff, owner)
            self.run_filing(institution, step, owner, officials[institution.jurisdiction_id], users, today, i)
            self.grant(institution, granted, users["commission"], today)

        load_supervision_demo(today)
        self.load_registrations(users["commission"])

        return created_users, created_institutions

    def grant(self, institution, designations, commission, today):
        """普惠/示范 granted by the commission (demo decisions: the basis says so, it names no real document)."""
        for designation in designations:
            designations_services.change_designation(
                institution=institution, designation=designation, holds=True, by=commission,
                decided_on=today - datetime.timedelta(days=30), basis="演示数据：区卫健委认定（非真实文号）",
            )  # fmt: skip

    @staticmethod
    def load_registrations(commission):
        """A registration list from market regulation (登记和备案办法 Art. 6), as it comes: the list "Registered but
        not filed" shows the two with 托育 in their business scope (demo entities, not real companies)."""
        from institutions.imports.services import run_import

        rows = [
            ["宝坻区市场主体登记信息（经营范围含托育）演示数据"],
            ["企业名称", "统一社会信用代码", "所属街道（镇）", "住所", "经营范围", "成立日期"],
            ["天津宝坻小橡树托育服务有限公司（演示）", make_uscc(LegalForm.FOR_PROFIT, 870001), "海滨",
             "天津市宝坻区海滨街道演示路8号", "托育服务；婴幼儿照护服务（不含医疗服务）", "2025年3月18日"],
            ["天津宝坻暖暖托育有限公司（演示）", make_uscc(LegalForm.FOR_PROFIT, 870002), "宝平",
             "天津市宝坻区宝平街道演示路9号", "托育服务；家政服务", "2025年6月2日"],
            ["天津宝坻启明教育咨询有限公司（演示）", make_uscc(LegalForm.FOR_PROFIT, 870003), "海滨",
             "天津市宝坻区海滨街道演示路10号", "教育咨询服务（不含涉许可审批的教育培训活动）", "2024年11月5日"],
        ]  # fmt: skip
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        run_import(data=buffer.getvalue().encode("utf-8-sig"), file_name="市场主体登记信息（演示）.csv", by=commission)

    def add_staff(self, institution, staff, by):
        groups = {g.name: g for g in institution.classes.all()}
        for member in staff:
            member = dict(member)
            group = groups.get(member.pop("class_name", None))
            register_services.add_staff(institution=institution, by=by, class_group=group, **member)

    def draft(self, institution, owner, kind=FilingKind.INITIAL):
        filing = filings_services.start_filing(institution=institution, kind=kind, by=owner)
        fields = {
            FilingKind.INITIAL: {"service_start_date": timezone.localdate() + datetime.timedelta(days=30)},
            FilingKind.CHANGE: {
                "change_date": timezone.localdate() - datetime.timedelta(days=3),
                "change_description": "负责人变更，并新增托大班一个。",
            },
        }[kind]
        filings_services.update_filing(
            filing=filing,
            by=owner,
            pledge_accepted=True,
            applicant_name=owner.full_name,
            applicant_phone="13800000000",
            **fields,
        )
        for doc_type in filings_selectors.required_document_types(filing):
            upload = demo_document(doc_type, institution)
            filings_services.upload_document(filing=filing, document_type=doc_type, upload=upload, by=owner)
        return filing

    def run_filing(self, institution, step, owner, official, users, today, i):
        """Walk the filing of one demo institution through the services to the planned state."""
        commission = users["commission"]
        if step == "draft":
            self.draft(institution, owner)
            return
        filing = self.draft(institution, owner)
        submit_day = today - datetime.timedelta(days=30) if step.endswith("overdue") else today
        filing = filings_services.submit_filing(filing=filing, by=owner, version=filing.version, today=submit_day)
        if step.startswith("submitted"):
            return
        if step == "returned":
            filings_services.return_filing(
                filing=filing, by=official, version=filing.version,
                reviews=[
                    {"section": "staff", "verdict": "correct", "comment": "请补充保育人员健康证明并核对配比。"},
                    {"section": "premises", "verdict": "ok", "comment": ""},
                ],
            )  # fmt: skip
            return
        if step == "rejected":
            filings_services.reject_filing(filing=filing, by=official, version=filing.version,
                                   reason="场地位于地下一层，不符合托育机构设置标准，且无法整改。")  # fmt: skip
            return
        filing = filings_services.accept_filing(filing=filing, by=official, version=filing.version)
        if step == "accepted":
            return
        filing = filings_services.acknowledge_filing(filing=filing, by=commission, version=filing.version)
        if not step.startswith("change"):
            return
        # A change after filing: a new 负责人 and one more class.
        register_services.update_institution(institution=institution, by=owner, principal_name="周晓红")
        register_services.add_class(institution=institution, by=owner, name="托大班2", class_type="senior", seats=20)
        change = self.draft(institution, owner, FilingKind.CHANGE)
        change = filings_services.submit_filing(filing=change, by=owner, version=change.version, today=submit_day)
        if step == "change_accepted":
            filings_services.accept_filing(filing=change, by=official, version=change.version)
