"""The first version of the quality assessment's indicators (WS/T 821—2023, 托育机构质量评估标准), as a draft.

Only the clauses whose number and subject could be checked are seeded, from a public restatement of the standard
(not the published text): 15 indicators in six of the seven areas. None has points or a veto flag, because neither
could be confirmed, and each is marked as needing confirmation. The commission completes the draft from the
standard's text (the remaining indicators, every value) and publishes it. Publishing refuses while an indicator is
unconfirmed or an area does not add up to the standard's points."""

from django.db import migrations

NOTE = "分值、是否属基础标准（否决）指标及条文表述，待依标准原文核定（条款号与内容据公开转述整理）"
VERSION_NOTES = (
    "首版草稿：收录可核实条款号的15项指标，分值与否决属性均待依WS/T 821—2023原文核定；"
    "其余指标由区卫健委依标准原文补录、核定后发布。"
)

# (area, clause, text, English, evidence method)
INDICATORS = [
    ("conditions", "4.1.4", "持有年度内的消防安全检查合格证明",
     "Holds a fire-safety inspection certificate of the current year", "document"),
    ("staff", "5.1.5", "全体工作人员持有效的健康合格证明，每年至少体检1次",
     "Every member of staff holds a valid health certificate and is examined at least once a year", "document"),
    ("staff", "5.1.6", "工作人员持无犯罪记录证明", "Staff hold certificates of no criminal record", "document"),
    ("staff", "5.2.1", "负责人参加岗位培训不少于60学时",
     "The person in charge has had at least 60 hours of job training", "document"),
    ("health", "7.2.1", "收托时查验预防接种证和入托体检表",
     "Vaccination certificates and entry health checks are checked on enrolment", "records"),
    ("health", "7.2.3", "每日开展晨检、午检和全日健康观察，并做好记录",
     "Morning and midday health checks and all-day observation, recorded every day", "records"),
    ("health", "7.3.1", "食谱每周更换", "The menu changes every week", "records"),
    ("health", "7.3.3", "记录婴幼儿食物过敏和特殊需求，回避相应食物并提供替代食物",
     "Food allergies and special needs are recorded, the foods avoided and replaced", "records"),
    ("health", "7.4.3", "专人追踪婴幼儿缺勤情况", "Someone follows up each absent child", "records"),
    ("safety", "9.3.1", "每月由专人检查设施设备并记录",
     "Someone checks the facilities and equipment every month, and records it", "records"),
    ("safety", "9.3.2", "专人每月检查消防设施设备并记录",
     "Someone checks the fire equipment every month, and records it", "records"),
    ("safety", "9.4.3", "设置一键式报警装置，视频监控全覆盖，录像保存不少于90天",
     "A one-touch alarm; video surveillance of every area, recordings kept at least 90 days", "observation"),
    ("safety", "9.5.2", "定期开展应急演练", "Emergency drills are held regularly", "records"),
    ("safety", "9.7.1", "购买至少一种托育机构责任类保险",
     "At least one liability insurance for childcare institutions is held", "document"),
    ("management", "10.4", "公示收费项目和标准，膳食费专款专用",
     "Fees are published; meal fees are spent on meals only", "document"),
]  # fmt: skip


def seed(apps, schema_editor):
    QualityTemplate = apps.get_model("supervision", "QualityTemplate")
    QualityIndicator = apps.get_model("supervision", "QualityIndicator")
    if QualityTemplate.objects.exists():
        return
    template = QualityTemplate.objects.create(version=1, is_current=False, notes=VERSION_NOTES)
    QualityIndicator.objects.bulk_create(
        QualityIndicator(
            template=template,
            area=area,
            clause=clause,
            position=(n + 1) * 10,
            text=text,
            text_en=text_en,
            points=None,
            is_veto=False,
            evidence=evidence,
            needs_confirmation=True,
            confirmation_note=NOTE,
        )
        for n, (area, clause, text, text_en, evidence) in enumerate(INDICATORS)
    )


def unseed(apps, schema_editor):
    QualityTemplate = apps.get_model("supervision", "QualityTemplate")
    QualityTemplate.objects.filter(version=1, notes=VERSION_NOTES, is_current=False).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0012_quality_template")]

    operations = [migrations.RunPython(seed, unseed)]
