"""Publish version 2 of the inspection checklist (托育机构监督检查表), issue 12 part 7.

The way the portal versions a checklist: a new version is a copy of the current one, changed, then published;
inspections made with version 1 keep version 1's items (their checks point at them). This migration does the same
with the frozen list below, so a fresh ``migrate`` ends with version 2 current.

What changed from version 1:
- every item cites an article (or a numbered clause of a standard), never a chapter ("设置标准 场地设施" …);
- the floor rule cites GB 50016—2014 (2018年版) 5.4.4, which is where it is written (with its dependence on the
  building's fire-resistance rating), not the 设置标准;
- the health-worker item follows 76号令 Art. 12 as written: one full-time health worker per 150 children enrolled
  (a ratio, not "at least one above 150"), full- or part-time below 150;
- the outdoor-play item (管理规范 Art. 18, in its 保育管理 chapter) moves from 常见病预防 to 保育照护;
- the enrolment item no longer cites 管理规范 Art. 12 (reporting of enrolment data): enrolling beyond the filed
  seats is a change of a filed fact, which 管理规范 Art. 6 / 登记和备案办法 Art. 10 answer with a 变更备案;
- "预收费不超过3个月" cited "预收费监管要求", which names no document; no national text for 托育机构 sets that
  number, so the item now checks the disclosed advance-payment rules (管理规范 Art. 15) and the number is gone;
- drills: 管理规范 Art. 31 says 定期, so the item says 定期 and no longer "每季度";
- new items: disclosure of 保育照护/卫生保健/安全保卫 information, staff background checks, reporting of suspected
  abuse, the 备案回执 displayed, a valid 卫生评价报告 and 消防 certificate, nap supervision, one living unit per
  class, injury prevention, liability insurance.

A source marked UNSOURCED names the document but no article could be sourced for it when this version was written;
the commission can correct it in a later version (the item stays, because the duty it checks is real).
The 托儿所幼儿园卫生保健工作规范 has no articles: its items cite the numbered section of its 第二部分.
"""

from django.db import migrations

CHECKLIST_NAME = "托育机构监督检查表"
VERSION_NOTES = (
    "第2版：每项依据注明具体条款；楼层规定改引GB 50016第5.4.4条；卫生保健人员配备按76号令第十二条原文；"
    "户外活动移至保育照护；收托人数改引变更备案规定；删去无出处的“预收费不超过3个月”；演练按原文“定期”；"
    "新增信息公示、背景查询、强制报告、回执公示、卫生评价与消防证明、午睡看护、班级生活单元、伤害预防、责任保险9项"
)

# Frozen copy of supervision.choices.DEFAULT_RECTIFICATION_DAYS as of this migration (working days).
RECTIFICATION_DAYS = {
    "safety": 5,
    "fire": 3,
    "security": 5,
    "health_care": 10,
    "hygiene": 5,
    "infection": 3,
    "common_illness": 10,
    "food": 3,
    "fees": 10,
    "care": 15,
    "nutrition": 15,
}

UNSOURCED = "〔条款待核〕"

GUIDE = "《托育机构管理规范（试行）》"
STANDARD = "《托育机构设置标准（试行）》"
FILING = "《托育机构登记和备案办法（试行）》"
ORDER_76 = "《托儿所幼儿园卫生保健管理办法》"  # 卫生部 教育部令第76号
WORK_RULES = "《托儿所幼儿园卫生保健工作规范》"  # 卫妇社发〔2012〕35号: numbered sections, no articles
QUALITY = "WS/T 821—2023"  # 托育机构质量评估标准 (recommended standard)
FIRE_CODE = "GB 50016—2014（2018年版）"  # 建筑设计防火规范
FIRE_LAW = "《中华人民共和国消防法》"
FOOD_LAW = "《中华人民共和国食品安全法》"
MINORS_LAW = "《中华人民共和国未成年人保护法》"


def work_rules(section: str, title: str) -> str:
    return f"{WORK_RULES}第二部分第{section}项（{title}）"


# (category, text, text_en, source)
ITEMS = [
    # 安全生产
    ("safety", "婴幼儿活动区域设施设备安全，家具、玩具无尖锐棱角，无松动、破损",
     "Facilities and equipment in children's areas are safe: furniture and toys have no sharp edges and are "
     "neither loose nor broken", f"{STANDARD}{UNSOURCED}"),
    ("safety", "电源插座、窗户、楼梯、阳台等处设有防护，婴幼儿无法触及或攀爬",
     "Sockets, windows, stairs and balconies are guarded so that children cannot reach or climb them",
     f"{STANDARD}{UNSOURCED}"),
    ("safety", "婴幼儿用房未设在地下或半地下；设在一、二级耐火等级建筑内的位于首层、二层或三层"
     "（三级耐火等级：首层或二层；四级：首层）",
     "Children's rooms are not underground or semi-underground; in a building of fire-resistance rating 1 or 2 "
     "they are on the first, second or third floor (rating 3: first or second; rating 4: first only)",
     f"{FIRE_CODE}第5.4.4条"),
    ("safety", "设施设备每月有专人检查并记录，发现的隐患及时整改",
     "Facilities and equipment are checked monthly by a named person, with records; hazards found are fixed "
     "promptly", f"{QUALITY}第9.3.1条"),
    ("safety", "制定自然灾害、传染病、食物中毒、踩踏、火灾、暴力等突发事件应急预案，定期对工作人员进行安全教育和"
     "应急处理能力培训",
     "Emergency plans exist (natural disasters, infectious disease, food poisoning, crowd crush, fire, violence) "
     "and staff are trained in safety and emergency response regularly", f"{GUIDE}第三十一条"),
    ("safety", "药品、清洁剂、消毒剂等危险物品专柜存放、加锁，婴幼儿不可触及",
     "Medicines, cleaning agents and disinfectants are locked away out of children's reach",
     work_rules("八", "伤害预防")),
    ("safety", "建立伤害预防制度，定期排查跌落、烫伤、窒息、异物、溺水等伤害风险，有排查和处置记录",
     "Injury prevention is organised: risks of falls, scalds, choking, foreign bodies and drowning are checked "
     "regularly, with records of checks and actions", work_rules("八", "伤害预防")),
    # 消防安全
    ("fire", "疏散通道、安全出口畅通，无占用、堵塞、封闭",
     "Escape routes and emergency exits are clear: not occupied, blocked or closed off", f"{FIRE_LAW}第二十八条"),
    ("fire", "灭火器等消防器材按规定配置、位置明显，在有效期内",
     "Fire extinguishers and other equipment are provided as required, easy to find and within their validity",
     f"{FIRE_LAW}第十六条"),
    ("fire", "应急照明、疏散指示标志完好有效",
     "Emergency lighting and exit signs work", f"{FIRE_LAW}第十六条"),
    ("fire", "定期组织开展消防和应急疏散演练，有演练记录",
     "Fire and evacuation drills are held regularly, with records", f"{GUIDE}第三十一条；{QUALITY}第9.5.2条"),
    ("fire", "明确专（兼）职消防安全管理人员，每月检查消防设施并记录",
     "A (full- or part-time) fire safety manager is named and checks the fire equipment monthly, with records",
     f"{GUIDE}第三十一条；{QUALITY}第9.3.2条"),
    ("fire", "电器产品及其线路的安装、使用符合消防技术标准，无私拉乱接",
     "Electrical appliances and wiring are installed and used to the fire standards, with no improvised "
     "connections", f"{FIRE_LAW}第二十七条"),
    ("fire", "持有消防安全检查合格证明，场所布局和使用性质与取得证明时一致",
     "The fire safety inspection certificate is held and the premises are laid out and used as when it was "
     "issued", f"{GUIDE}第四条；{FILING}第八条；{QUALITY}第4.1.4条"),
    # 治安保卫
    ("security", "视频监控全覆盖婴幼儿生活和活动区域，运行正常、无盲区",
     "Video surveillance covers every area where children live and play, works, and has no blind spots",
     f"{GUIDE}第三十二条"),
    ("security", "监控录像资料保存不少于90日，未无故中断监控或随意更改、删除监控资料",
     "Recordings are kept for at least 90 days; surveillance is not interrupted and recordings are not altered "
     "or deleted", f"{GUIDE}第三十二条"),
    ("security", "一键式报警装置有效，并与公安机关联网",
     "The one-button alarm works and is connected to the police", f"{QUALITY}第9.4.3条"),
    ("security", "监控报警系统24小时设防",
     "The surveillance and alarm system is armed around the clock", f"{GUIDE}第三十二条"),
    ("security", "保安人员持《保安员证》在岗，由持《保安服务许可证》的保安服务公司派驻",
     "A security guard with a security guard certificate, from a licensed security company, is on duty",
     f"{STANDARD}第十八条"),
    ("security", "落实门卫登记和婴幼儿接送制度，外来人员核实身份并登记",
     "Gate registration and the pick-up rules are kept: visitors are identified and registered",
     f"{GUIDE}{UNSOURCED}"),
    ("security", "工作人员录用前查询性侵害、虐待、拐卖、暴力伤害等违法犯罪记录，在岗期间每年定期查询；"
     "有此类记录的不予录用",
     "Before hiring, staff are checked for records of sexual offences, abuse, trafficking or violence, and "
     "again every year; no one with such a record is employed", f"{MINORS_LAW}第六十二条；{QUALITY}第5.1.6条"),
    ("security", "工作人员知晓并落实强制报告：发现婴幼儿遭受或者疑似遭受家庭暴力、虐待等侵害的，立即向公安机关报案",
     "Staff know and follow mandatory reporting: a child who suffers or is suspected of suffering domestic "
     "violence, abuse or other harm is reported to the police at once",
     f"{GUIDE}第二十五条；{MINORS_LAW}第十一条"),
    # 卫生保健
    ("health_care", "坚持晨午检和全日健康观察，记录完整，异常情况及时通知监护人",
     "Morning and midday health checks and all-day observation are done and recorded; parents are told of "
     "anything unusual", f"{GUIDE}第二十四条"),
    ("health_care", "工作人员上岗前经健康检查合格，取得《托幼机构工作人员健康合格证》，在岗期间每年健康检查一次",
     "Staff passed a health check and hold the staff health certificate before starting work, and have a "
     "health check every year", f"{GUIDE}第二十八条；{ORDER_76}第十四条"),
    ("health_care", "按照收托150名儿童至少设1名专职卫生保健人员的比例配备；收托150名以下的，配备专职或者兼职卫生"
     "保健人员；保健人员经妇幼保健机构组织的卫生保健专业知识培训合格",
     "Health workers are provided at a ratio of at least one full-time health worker per 150 children enrolled "
     "(below 150 children, a full- or part-time health worker); they passed the training of a maternal and child "
     "health institution", f"{ORDER_76}第十二条；{STANDARD}第十八条、第二十一条"),
    ("health_care", "持有评价为“合格”的《托幼机构卫生评价报告》",
     "A childcare hygiene evaluation report rated “合格” (pass) is held",
     f"{GUIDE}第四条；{ORDER_76}第八条；{FILING}第八条"),
    ("health_care", "婴幼儿入托前完成适龄预防接种并经健康检查合格，查验预防接种证",
     "Children had their age-appropriate vaccinations and a health check before admission; vaccination "
     "records were checked", f"{GUIDE}第十一条；{ORDER_76}第十五条"),
    ("health_care", "设保健室或卫生室，配备儿童观察床和常用保健器械",
     "There is a health room with an observation bed and basic health equipment", f"{ORDER_76}第十一条"),
    ("health_care", "建立婴幼儿健康档案，定期开展健康检查和生长发育监测",
     "Children have health records, with regular health checks and growth monitoring", f"{ORDER_76}第十五条"),
    # 卫生与消毒
    ("hygiene", "每日对活动室、寝室、玩具、餐具等进行清洁消毒，消毒记录完整",
     "Rooms, bedrooms, toys and tableware are cleaned and disinfected daily, with complete records",
     f"{GUIDE}第二十七条；{ORDER_76}第十五条"),
    ("hygiene", "水杯、毛巾等生活用品专人专用，一人一用一消毒",
     "Cups, towels and other personal items are for one child only and disinfected after each use",
     work_rules("五", "卫生与消毒")),
    ("hygiene", "室内通风换气良好，环境整洁，卫生间和盥洗设施清洁",
     "Rooms are well ventilated and tidy; toilets and wash basins are clean", work_rules("五", "卫生与消毒")),
    ("hygiene", "消毒剂配比、使用规范，按说明存放",
     "Disinfectants are diluted and used correctly and stored as instructed", work_rules("五", "卫生与消毒")),
    ("hygiene", "生活饮用水符合国家卫生标准，饮水设备定期清洗消毒",
     "Drinking water meets the national hygiene standard; water dispensers are cleaned and disinfected regularly",
     f"{ORDER_76}第七条"),
    # 传染病防控
    ("infection", "落实因病缺勤追踪登记，专人联系缺勤婴幼儿家长并登记病因",
     "Absence due to illness is followed up: a named person calls the parents and records the cause",
     f"{QUALITY}第7.4.3条"),
    ("infection", "建立传染病疫情报告制度，发现传染病或疑似病例按规定及时报告",
     "There is a reporting procedure for infectious diseases; cases and suspected cases are reported on time",
     f"{GUIDE}第二十七条；{ORDER_76}第十六条"),
    ("infection", "落实病儿隔离制度，疑似传染病婴幼儿及时隔离并通知监护人",
     "Sick children are isolated: a child suspected of an infectious disease is separated at once and the "
     "parents are called", f"{GUIDE}第二十七条"),
    ("infection", "患传染病婴幼儿凭医疗卫生机构证明返托；离托3个月以上返回时重新体检",
     "A child who had an infectious disease returns only with a medical certificate; a child away for over 3 "
     "months has a new health check", f"{ORDER_76}第十八条；{GUIDE}第十一条"),
    ("infection", "工作人员患传染性疾病立即离岗，治愈后持证明返岗",
     "Staff with an infectious disease leave work at once and return only with a certificate of recovery",
     f"{GUIDE}第二十八条"),
    # 常见病预防
    ("common_illness", "开展贫血、营养不良、肥胖等营养性疾病筛查，对体弱儿实行专案管理",
     "Children are screened for anaemia, malnutrition and obesity; frail children are managed individually",
     f"{ORDER_76}第十五条；{work_rules('七', '常见病预防与管理')}"),
    ("common_illness", "定期开展眼、口腔、听力保健，筛查结果告知家长",
     "Eye, dental and hearing care is provided regularly and screening results are given to parents",
     work_rules("七", "常见病预防与管理")),
    ("common_illness", "开展常见病、多发病预防健康教育，面向家长宣传",
     "Health education on preventing common illnesses is given, including to parents",
     work_rules("九", "健康教育")),
    # 食品安全
    ("food", "食品经营许可证在有效期内，许可范围与实际供餐相符",
     "The food business licence is valid and covers the meals actually served", f"{FOOD_LAW}第三十五条"),
    ("food", "炊事人员持有效健康证明上岗，每年健康检查",
     "Kitchen staff hold a valid health certificate and have a health check every year", f"{FOOD_LAW}第四十五条"),
    ("food", "每餐次食品成品留样，冷藏存放48小时以上，每个品种不少于125克，有留样记录",
     "A sample of every dish of every meal is kept refrigerated for at least 48 hours, at least 125 g each, "
     "with records", f"《餐饮服务食品安全操作规范》{UNSOURCED}"),
    ("food", "食品原料进货查验、索证索票，记录完整，无过期变质食品",
     "Ingredients are checked on delivery with certificates and invoices kept; no expired or spoiled food",
     f"{FOOD_LAW}第五十五条"),
    ("food", "厨房生熟分开，餐饮具清洗消毒，不制作冷荤凉菜",
     "Raw and cooked food are kept apart, tableware is washed and disinfected, and no cold meat dishes are made",
     work_rules("二", "儿童膳食")),
    # 收费公示
    ("fees", "收费项目和标准在显著位置公示，与平台公示一致",
     "Fee items and amounts are displayed prominently and match the disclosure on this portal",
     f"{GUIDE}第十五条"),
    ("fees", "未在公示项目和标准之外收取费用",
     "No fee is charged beyond the disclosed items and amounts", f"{GUIDE}第十五条"),
    ("fees", "预收费和退费规则已公示，实际预收费用未超出公示的规则",
     "The advance-payment and refund rules are disclosed and fees collected in advance stay within them",
     f"{GUIDE}第十五条"),
    ("fees", "膳食费专款专用，账目定期向家长公布",
     "Meal fees are used for meals only and the accounts are published to parents regularly",
     f"{work_rules('二', '儿童膳食')}；{QUALITY}第10.4条"),
    ("fees", "与监护人签订托育服务协议，明确收费和退费规则",
     "A childcare agreement is signed with the parents, with the fee and refund rules", f"{GUIDE}{UNSOURCED}"),
    # 保育照护
    ("care", "班级规模符合设置标准（乳儿班≤10人、托小班≤15人、托大班≤20人、混合班≤18人）",
     "Class sizes keep to the standard (infant ≤10, toddler ≤15, senior toddler ≤20, mixed-age ≤18)",
     f"{STANDARD}第十九条"),
    ("care", "保育人员与婴幼儿配比符合设置标准（乳儿班1:3、托小班1:5、托大班1:7）",
     "Caregiver-to-child ratios keep to the standard (infant 1:3, toddler 1:5, senior toddler 1:7)",
     f"{STANDARD}第二十条"),
    ("care", "实际收托人数不超过备案托位数；收托规模变化的已办理变更备案",
     "Children enrolled do not exceed the filed seats; a change in capacity was filed as a change filing",
     f"{GUIDE}第六条；{FILING}第十条"),
    ("care", "每个班级有独立的生活单元（活动区、睡眠区、盥洗卫生区），不与其他班级混用",
     "Each class has its own living unit (play, sleep and washing/toilet areas), not shared with another class",
     f"《托儿所、幼儿园建筑设计规范》JGJ 39{UNSOURCED}"),
    ("care", "制定并落实一日生活安排，科学安排饮食、饮水、喂奶、如厕、盥洗、睡眠和游戏",
     "A daily routine is set and followed: meals, drinking, feeding, toileting, washing, sleep and play",
     f"{GUIDE}第十六条"),
    ("care", "婴幼儿午睡期间有工作人员在寝室值守看护，巡视睡眠情况，不留婴幼儿独处",
     "During naps a member of staff stays in the bedroom and watches the children sleep; no child is left alone",
     f"{GUIDE}第十六条"),
    ("care", "保证婴幼儿每日户外活动不少于2小时，寒冷、炎热季节或特殊天气情况下可酌情调整",
     "Children play outdoors at least 2 hours a day (adjusted in very cold or hot seasons or special weather)",
     f"{GUIDE}第十八条"),
    ("care", "保育人员经培训合格上岗，无虐待、体罚、歧视婴幼儿行为",
     "Caregivers are trained and qualified; no child is abused, physically punished or discriminated against",
     f"{STANDARD}第十八条；{GUIDE}第三十五条"),
    ("care", "建立家园联系制度，定期向家长反馈婴幼儿发展情况",
     "Parents are kept in touch and told regularly how their child is developing", f"{GUIDE}{UNSOURCED}"),
    ("care", "定期向家长和社会公示保育照护、膳食营养、卫生保健、安全保卫等信息",
     "Information on care, meals and nutrition, health care and safety and security is published to parents and "
     "the public regularly", f"{GUIDE}第十五条"),
    ("care", "《托育机构备案回执》在机构显著位置公示，与平台登记信息一致",
     "The filing receipt (备案回执) is displayed prominently on site and matches the portal's record",
     f"{FILING}{UNSOURCED}"),
    ("care", "投保托育机构责任类保险，并在保险期内",
     "The institution holds a valid childcare liability insurance policy", f"{QUALITY}第9.7.1条"),
    # 膳食营养
    ("nutrition", "每周制定带量食谱并向家长公示",
     "A weekly menu with quantities is drawn up and shown to parents", f"{GUIDE}第十五条；{QUALITY}第7.3.1条"),
    ("nutrition", "定期进行膳食营养分析，营养素摄入量符合要求",
     "Meals are analysed for nutrition regularly and intake meets the requirements", work_rules("二", "儿童膳食")),
    ("nutrition", "按月龄提供适宜食物，顺应喂养；特殊喂养需求有监护人书面说明",
     "Food suits each child's age and feeding follows the child's cues; special diets have a written note from "
     "the parents", f"{GUIDE}第十七条"),
    ("nutrition", "保证婴幼儿按需饮水",
     "Children can drink water whenever they need to", f"{GUIDE}第十六条"),
    ("nutrition", "母乳和配方奶储存、冲调规范，奶瓶专人专用并消毒",
     "Breast milk and formula are stored and prepared correctly; bottles are for one child only and disinfected",
     work_rules("二", "儿童膳食")),
]  # fmt: skip


def publish_v2(apps, schema_editor):
    """A new version holding ITEMS, published: the previous version stops being current, nothing else changes."""
    ChecklistTemplate = apps.get_model("supervision", "ChecklistTemplate")
    ChecklistItem = apps.get_model("supervision", "ChecklistItem")
    versions = list(ChecklistTemplate.objects.filter(name=CHECKLIST_NAME).order_by("-version"))
    if not versions or any(v.notes == VERSION_NOTES for v in versions):
        return  # no checklist seeded (nothing to follow), or version 2 already published
    template = ChecklistTemplate.objects.create(
        name=CHECKLIST_NAME, version=versions[0].version + 1, is_current=False, notes=VERSION_NOTES
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
    # Publish: the one-current constraint wants the old version released first.
    ChecklistTemplate.objects.filter(name=CHECKLIST_NAME, is_current=True).update(is_current=False)
    ChecklistTemplate.objects.filter(pk=template.pk).update(is_current=True)


def unpublish_v2(apps, schema_editor):
    """The version before this one becomes current again; this one goes unless an inspection already used it."""
    ChecklistTemplate = apps.get_model("supervision", "ChecklistTemplate")
    ChecklistItem = apps.get_model("supervision", "ChecklistItem")
    Inspection = apps.get_model("supervision", "Inspection")
    mine = ChecklistTemplate.objects.filter(name=CHECKLIST_NAME, notes=VERSION_NOTES).first()
    if mine is None:
        return
    previous = ChecklistTemplate.objects.filter(name=CHECKLIST_NAME, version__lt=mine.version).order_by("-version")
    previous = previous.first()
    if mine.is_current and previous is not None:
        ChecklistTemplate.objects.filter(pk=mine.pk).update(is_current=False)
        ChecklistTemplate.objects.filter(pk=previous.pk).update(is_current=True)
    if not Inspection.objects.filter(template=mine).exists():
        ChecklistItem.objects.filter(template=mine).delete()
        mine.delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0009_open_data_file")]

    operations = [migrations.RunPython(publish_v2, unpublish_v2)]
