from django.db import migrations

from baodi_care.accounts.jurisdictions import BAODI_JURISDICTIONS, full_code


def seed(apps, schema_editor):
    Jurisdiction = apps.get_model("accounts", "Jurisdiction")
    for short, name, kind in BAODI_JURISDICTIONS:
        Jurisdiction.objects.update_or_create(code=full_code(short), defaults={"name": name, "kind": kind})


def unseed(apps, schema_editor):
    Jurisdiction = apps.get_model("accounts", "Jurisdiction")
    Jurisdiction.objects.filter(code__in=[full_code(s) for s, _n, _k in BAODI_JURISDICTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
