"""Fill Institution.last_inspected_on (institutions 0010) from the finished inspections, in one UPDATE."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    Inspection = apps.get_model("supervision", "Inspection")
    latest = (
        Inspection.objects.filter(institution=OuterRef("pk"), status="finished")
        .order_by("-inspected_on")
        .values("inspected_on")[:1]
    )
    Institution.objects.update(last_inspected_on=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0010_institution_last_inspected_on"),
        ("supervision", "0006_scale_indexes"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
