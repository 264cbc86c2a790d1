"""Seed the checklist for family childcare points (家庭托育点监督检查表, version 1).

An inspection of a 家庭托育点 uses it instead of the 托育机构监督检查表 (supervision.choices.FAMILY_CHECKLIST). Items
are drawn from the 家庭托育点管理办法（试行）(国卫人口发〔2023〕28号). Arts. 2 to 4 are cited by number; for the other
rules of the 办法 the article number has not been checked against the published text, so the source says so
(条款待核) instead of guessing one.
"""

from django.db import migrations

CHECKLIST_NAME = "家庭托育点监督检查表"

# Frozen copy of supervision.choices.DEFAULT_RECTIFICATION_DAYS as of this migration (working days).
RECTIFICATION_DAYS = {"safety": 5, "fire": 3, "security": 5, "hygiene": 5, "care": 15}

RULES = "家庭托育点管理办法（试行）"
UNCHECKED = f"{RULES}（条款待核）"

# (category, text, text_en, source)
ITEMS = [
    ("safety", "使用自有住宅或租赁期不少于3年的他人住宅，已取得本栋建筑物内或同一平房院落内其他业主的一致同意",
     "The home is owned, or leased for at least 3 years, and all the other owners in the building or courtyard "
     "have consented", f"{RULES}第三条"),
    ("safety", "选址、房屋结构、设施设备、装饰装修材料、家具用具符合国家相关安全质量标准和环保标准",
     "The location, structure, equipment, finishes and furniture of the home meet the national safety, quality "
     "and environmental standards", UNCHECKED),
    ("fire", "住宅符合抗震、防火、疏散等要求，疏散通道畅通",
     "The home meets the earthquake, fire and evacuation requirements; escape routes are clear", UNCHECKED),
    ("fire", "灭火器等消防器材按规定配置、位置明显，在有效期内",
     "Fire extinguishers and other equipment are provided as required, easy to find and within their validity",
     "消防法 第十六条"),
    ("security", "视频安防监控系统对婴幼儿生活和活动区域全覆盖，运行正常",
     "Video surveillance covers every area where the children live and play, and works", UNCHECKED),
    ("security", "监控录像资料保存期不少于90日",
     "Recordings are kept for at least 90 days", UNCHECKED),
    ("hygiene", "提供适宜婴幼儿成长的环境，通风良好、清洁卫生",
     "The home is suited to small children: well ventilated and clean", UNCHECKED),
    ("care", "实际收托婴幼儿不超过5人，且不超过备案收托人数",
     "At most 5 children are cared for, and no more than filed", f"{RULES}第二条"),
    ("care", "每1名照护人员最多看护3名婴幼儿",
     "One carer looks after at most 3 children", UNCHECKED),
    ("care", "照护人员身体健康、持健康合格证明，无精神病史，无性侵害、虐待、拐卖、暴力伤害等违法犯罪记录（举办者同时是照护人员的同样适用）",
     "Carers are healthy, hold a health certificate, have no history of mental illness and no record of sexual "
     "offences, abuse, trafficking or violence (an operator who is also a carer likewise)", UNCHECKED),
    ("care", "照护人员具有婴幼儿照护经验或相关专业背景，受过婴幼儿保育、心理健康、食品安全、急救和消防等培训",
     "Carers have childcare experience or a related background and have been trained in childcare, mental "
     "health, food safety, first aid and fire safety", UNCHECKED),
    ("care", "为婴幼儿提供生活照料、安全看护、平衡膳食和早期学习机会",
     "The children are given daily care, safe supervision, balanced meals and early learning", UNCHECKED),
    ("care", "名称注明“托育”字样，服务范围及经营范围明确“家庭托育服务”",
     "The name contains “托育” and the service and business scope state “家庭托育服务”", f"{RULES}第四条"),
]  # fmt: skip


def seed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("supervision", "ChecklistTemplate")
    ChecklistItem = apps.get_model("supervision", "ChecklistItem")
    if ChecklistTemplate.objects.filter(name=CHECKLIST_NAME).exists():
        return
    template = ChecklistTemplate.objects.create(
        name=CHECKLIST_NAME, version=1, is_current=True, notes="初始版本：家庭托育点监督检查项目"
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            template=template,
            category=category,
            position=(position + 1) * 10,
            text=text,
            text_en=text_en,
            source=source,
            rectification_days=RECTIFICATION_DAYS[category],
        )
        for position, (category, text, text_en, source) in enumerate(ITEMS)
    )


def unseed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("supervision", "ChecklistTemplate")
    ChecklistItem = apps.get_model("supervision", "ChecklistItem")
    ChecklistItem.objects.filter(template__name=CHECKLIST_NAME, template__inspection__isnull=True).delete()
    ChecklistTemplate.objects.filter(name=CHECKLIST_NAME, inspection__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0009_open_data_file")]

    operations = [migrations.RunPython(seed, unseed)]
