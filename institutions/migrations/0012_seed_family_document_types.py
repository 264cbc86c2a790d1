from django.db import migrations

# 家庭托育点管理办法（试行）(国卫人口发〔2023〕28号): a family point files documents of its own. The general proofs of
# premises and staff, the 卫生评价报告 and the 消防安全检查合格证明 are documents of a 托育机构 (登记和备案办法 Art. 8);
# a family point files the ones below instead. The 营业执照, the 食品经营许可证 (when meals are served) and "other
# documents" stay common to both. The commission may change any of this in the admin.
INSTITUTIONS_ONLY = ("premises_proof", "staff_certificates", "health_evaluation", "fire_safety")

# (code, name, English name, position)
FAMILY_TYPES = [
    ("family_owners_consent", "住宅所在本栋建筑物内或同一平房院落内其他业主一致同意的证明",
     "Consent of all the other owners in the building or courtyard", 21),
    ("family_home_title", "住宅产权证明或租赁期不少于3年的租赁合同",
     "Title to the home, or a lease of at least 3 years", 22),
    ("family_carer_health", "照护人员健康合格证明", "Carers' health certificates (健康合格证明)", 31),
    ("family_carer_declaration", "照护人员无性侵害、虐待、拐卖、暴力伤害等违法犯罪记录及无精神病史的声明",
     "Carers' declarations: no sexual offence, abuse or violence; no mental illness", 32),
    ("family_fire_safety", "消防安全与疏散条件说明", "Fire safety and evacuation of the home", 51),
]  # fmt: skip


def seed(apps, schema_editor):
    DocumentType = apps.get_model("institutions", "DocumentType")
    DocumentType.objects.filter(code__in=INSTITUTIONS_ONLY).update(applies_to="institutions")
    for code, name, name_en, position in FAMILY_TYPES:
        DocumentType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "required_for_initial": True,
                "required_when_meals": False,
                "applies_to": "family",
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    DocumentType = apps.get_model("institutions", "DocumentType")
    DocumentType.objects.filter(code__in=INSTITUTIONS_ONLY).update(applies_to="all")
    DocumentType.objects.filter(code__in=[t[0] for t in FAMILY_TYPES], document__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("institutions", "0011_family_point_facts_and_document_scope")]

    operations = [migrations.RunPython(seed, unseed)]
