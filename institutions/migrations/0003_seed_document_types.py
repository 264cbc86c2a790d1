from django.db import migrations

# 登记和备案办法 Art. 8 and DESIGN §2: the documents of a 首次备案.
DOCUMENT_TYPES = [
    ("business_license", "营业执照或其他法人登记证书", "Business licence or other legal-person registration certificate", True, False, 10),
    ("premises_proof", "场地证明（产权证明或3年以上租赁合同）", "Premises proof (title, or a lease of at least 3 years)", True, False, 20),
    ("staff_certificates", "工作人员资格证书及健康合格证明", "Staff qualification and health certificates", True, False, 30),
    ("health_evaluation", "托幼机构卫生评价报告（合格）", "Childcare health evaluation report (rated pass)", True, False, 40),
    ("fire_safety", "消防安全检查合格证明", "Fire safety inspection certificate", True, False, 50),
    ("food_license", "食品经营许可证", "Food business licence", False, True, 60),
    ("other", "其他材料", "Other documents", False, False, 90),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("institutions", "DocumentType")
    for code, name, name_en, required, meals, position in DOCUMENT_TYPES:
        DocumentType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "required_for_initial": required,
                "required_when_meals": meals,
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("institutions", "DocumentType").objects.filter(code__in=[d[0] for d in DOCUMENT_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("institutions", "0002_calendarday_documenttype_receiptcounter_filing_and_more")]

    operations = [migrations.RunPython(seed, unseed)]
