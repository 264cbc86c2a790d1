"""Member-department users name their unit by its code (accounts.choices.MemberDepartment) instead of free text, so
that the inspections naming that unit among the departments taking part are theirs to read."""

from django.db import migrations

# Words of the free-text names used so far (e.g. 区教育局), in the order they are tried.
KEYWORDS = (
    ("编办", "establishment"),
    ("编制", "establishment"),
    ("发展改革", "development"),
    ("发改", "development"),
    ("教育", "education"),
    ("公安", "public_security"),
    ("民政", "civil_affairs"),
    ("财政", "finance"),
    ("人力", "human_resources"),
    ("人社", "human_resources"),
    ("规划", "planning"),
    ("自然资源", "planning"),
    ("住建", "housing"),
    ("住房", "housing"),
    ("应急", "emergency"),
    ("市场", "market"),
    ("政务", "government_services"),
    ("税务", "taxation"),
    ("金融", "financial"),
    ("消防", "fire"),
    ("卫健", "health"),
    ("卫生", "health"),
)
CODES = {code for _word, code in KEYWORDS}


def to_codes(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(role="department").exclude(department__in=CODES):
        # A name no word matches is emptied: the user then reads the register only, until the unit is chosen.
        user.department = next((code for word, code in KEYWORDS if word in user.department), "")
        user.save(update_fields=["department"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_usersession"),
        ("supervision", "0003_append_only"),
    ]

    operations = [migrations.RunPython(to_codes, migrations.RunPython.noop)]
