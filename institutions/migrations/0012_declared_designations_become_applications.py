"""普惠 and 示范 were ticked by the operators themselves until now: a declaration, not a grant. Saying they were
granted would be untrue, so each ticked status becomes an open application that the health commission must decide
(grant or refuse, with a date and basis), and the status does not hold until it does. Each leaves a "migrated"
event in the status's history. README, "普惠 and 示范 are granted, not declared"."""

from django.db import migrations

NOTE = "迁移：原由机构自行勾选申报，未经区卫健委认定，待认定。"
FIELDS = {"inclusive": "is_inclusive", "demonstration": "is_demonstration"}


def declarations_to_applications(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    Application = apps.get_model("institutions", "DesignationApplication")
    Event = apps.get_model("institutions", "DesignationEvent")
    for designation, field in FIELDS.items():
        ticked = Institution.objects.filter(**{field: True})
        for institution in ticked.iterator():
            application = Application.objects.create(
                institution=institution, designation=designation, note=NOTE, status="pending"
            )
            Event.objects.create(
                institution=institution, designation=designation, action="migrated", holds=False, note=NOTE,
                application=application,
            )
        ticked.update(**{field: False})


def applications_to_declarations(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    Event = apps.get_model("institutions", "DesignationEvent")
    for designation, field in FIELDS.items():
        migrated = Event.objects.filter(designation=designation, action="migrated").values("institution_id")
        Institution.objects.filter(pk__in=migrated).update(**{field: True})


class Migration(migrations.Migration):
    dependencies = [("institutions", "0011_designations_granted_by_commission")]

    operations = [migrations.RunPython(declarations_to_applications, applications_to_declarations)]
