from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from baodi_care.accounts.choices import Role
from baodi_care.accounts.models import Jurisdiction, User
from institutions.demo import institution_specs
from institutions.models import Institution
from institutions.services import import_institution, link_operator

DEMO_PASSWORD = "baodi-demo-2026"  # noqa: S105 - demo only, printed and documented as such

DEMO_USERS = [
    # username, full name, role, jurisdiction code, department
    ("operator", "王丽华（举办者）", Role.OPERATOR, None, ""),
    ("operator2", "李建国（举办者）", Role.OPERATOR, None, ""),
    ("official", "张敏（海滨街道）", Role.OFFICIAL, "120115001000", ""),
    ("official_baoping", "刘海燕（宝平街道）", Role.OFFICIAL, "120115002000", ""),
    ("official_dakoutun", "陈志强（大口屯镇）", Role.OFFICIAL, "120115101000", ""),
    ("commission", "杨春梅（区卫健委）", Role.COMMISSION, None, "区卫生健康委员会"),
    ("department", "赵卫东（区教育局）", Role.DEPARTMENT, None, "区教育局"),
    ("admin", "系统管理员", Role.ADMIN, None, "区卫健委信息科"),
]


class Command(BaseCommand):
    help = "Load demo accounts and institutions (idempotent: a second run changes nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
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
                    is_staff=role == Role.ADMIN,
                    is_superuser=role == Role.ADMIN,
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                created_users += 1
            users[username] = user

        # Spread the register over the demo officials' jurisdictions first, then the rest of the district.
        ordered = [jurisdictions[c] for c in ("120115001000", "120115002000", "120115101000")]
        ordered += [j for c, j in sorted(jurisdictions.items()) if j not in ordered]
        created_institutions = 0
        today = timezone.localdate()
        by = users["admin"]
        specs = institution_specs(ordered, today)
        for i, spec in enumerate(specs):
            spec = dict(spec)
            institution, created = import_institution(by=by, **spec)
            created_institutions += created
            # operator runs a small chain in 海滨街道; operator2 runs institutions elsewhere.
            if institution.jurisdiction.code == "120115001000" and i < 20:
                link_operator(institution=institution, user=users["operator"], by=by)
            elif i % 4 == 1:
                link_operator(institution=institution, user=users["operator2"], by=by)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {created_users} new accounts, {created_institutions} new institutions "
                f"({Institution.objects.count()} in all)."
            )
        )
        self.stdout.write("Demo accounts (demo only, never in production); password for all: " + DEMO_PASSWORD)
        for username, full_name, role, _code, _dep in DEMO_USERS:
            self.stdout.write(f"  {username:<18} {Role(role).label} · {full_name}")
