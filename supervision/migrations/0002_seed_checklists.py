"""Seed the inspection checklist (托育机构监督检查表, version 1) and the district inspection frequency.

Items are drawn from the 托育机构管理规范（试行） and the other rules of DESIGN §2a. Sources name the article
where one is known; the rest name the rule as a whole.
"""

from django.db import migrations

CHECKLIST_NAME = "托育机构监督检查表"

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

GUIDE = "管理规范"  # 托育机构管理规范（试行）
STANDARD = "设置标准"  # 托育机构设置标准（试行）
HEALTH_RULES = "托儿所幼儿园卫生保健工作规范"
ORDER_76 = "卫生部 教育部令第76号"
QUALITY = "WS/T 821—2023"

# (category, text, text_en, source)
ITEMS = [
    # 安全生产
    ("safety", "婴幼儿活动区域设施设备安全，家具、玩具无尖锐棱角，无松动、破损",
     "Facilities and equipment in children's areas are safe: furniture and toys have no sharp edges and are "
     "neither loose nor broken", f"{STANDARD} 场地设施"),
    ("safety", "电源插座、窗户、楼梯、阳台等处设有防护，婴幼儿无法触及或攀爬",
     "Sockets, windows, stairs and balconies are guarded so that children cannot reach or climb them",
     f"{STANDARD} 场地设施"),
    ("safety", "婴幼儿生活用房设在首层至三层，未设在地下室或半地下室",
     "Rooms used by children are on the first to third floor, never in a basement or semi-basement",
     f"{STANDARD} 场地设施"),
    ("safety", "设施设备每月有专人检查并记录，发现的隐患及时整改",
     "Facilities and equipment are checked monthly by a named person, with records; hazards found are fixed "
     "promptly", f"{QUALITY} 9.3.1"),
    ("safety", "制定突发事件应急预案（自然灾害、食物中毒、踩踏、暴力等），工作人员定期培训",
     "Emergency plans exist (natural disasters, food poisoning, crowd crush, violence) and staff are trained "
     "regularly", f"{GUIDE} 第三十一条"),
    ("safety", "药品、清洁剂、消毒剂等危险物品专柜存放、加锁，婴幼儿不可触及",
     "Medicines, cleaning agents and disinfectants are locked away out of children's reach", HEALTH_RULES),
    # 消防安全
    ("fire", "疏散通道、安全出口畅通，无占用、堵塞、锁闭",
     "Escape routes and emergency exits are clear: not occupied, blocked or locked", "消防法 第二十八条"),
    ("fire", "灭火器等消防器材按规定配置、位置明显，在有效期内",
     "Fire extinguishers and other equipment are provided as required, easy to find and within their validity",
     "消防法 第十六条"),
    ("fire", "应急照明、疏散指示标志完好有效",
     "Emergency lighting and exit signs work", "消防法 第十六条"),
    ("fire", "每季度至少开展一次消防和应急疏散演练，有演练记录",
     "A fire and evacuation drill is held at least every quarter, with records", f"{GUIDE} 第三十一条"),
    ("fire", "明确专（兼）职消防安全管理人员，每月检查消防设施并记录",
     "A (full- or part-time) fire safety manager is named and checks the fire equipment monthly, with records",
     f"{GUIDE} 第三十一条；{QUALITY} 9.3.2"),
    ("fire", "电气线路规范敷设，无私拉乱接，无电动自行车在室内停放、充电",
     "Wiring is properly installed, with no improvised connections; no e-bikes are parked or charged indoors",
     "机关、团体、企业、事业单位消防安全管理规定"),
    # 治安保卫
    ("security", "视频监控全覆盖婴幼儿生活和活动区域，运行正常、无盲区",
     "Video surveillance covers every area where children live and play, works, and has no blind spots",
     f"{GUIDE} 第三十二条"),
    ("security", "监控录像资料保存不少于90日，未无故中断监控或删改录像",
     "Recordings are kept for at least 90 days; surveillance is not interrupted and recordings are not altered "
     "or deleted", f"{GUIDE} 第三十二条"),
    ("security", "一键式报警装置有效，并与公安机关联网",
     "The one-button alarm works and is connected to the police", f"{QUALITY} 9.4.3"),
    ("security", "监控报警系统24小时设防",
     "The surveillance and alarm system is armed around the clock", f"{GUIDE} 第三十二条"),
    ("security", "保安人员持《保安员证》在岗，由持证保安服务公司派驻",
     "A security guard with a security guard certificate, from a licensed security company, is on duty",
     f"{STANDARD} 第十八条"),
    ("security", "落实门卫登记和婴幼儿接送制度，外来人员核实身份并登记",
     "Gate registration and the pick-up rules are kept: visitors are identified and registered",
     f"{GUIDE} 安全管理"),
    # 卫生保健
    ("health_care", "坚持晨午检和全日健康观察，记录完整，异常情况及时通知监护人",
     "Morning and midday health checks and all-day observation are done and recorded; parents are told of "
     "anything unusual", f"{GUIDE} 第二十四条"),
    ("health_care", "工作人员上岗前经健康检查合格，在岗期间每年健康检查一次，健康合格证在有效期内",
     "Staff passed a health check before starting work and have one every year; their health certificates "
     "are valid", f"{GUIDE} 第二十八条；{ORDER_76} 第十四条"),
    ("health_care", "按规定配备保健人员（收托150名以上至少1名专职），经妇幼保健机构培训合格",
     "Health workers are provided as required (at least one full-time per 150 children) and trained by a "
     "maternal and child health institution", f"{STANDARD} 第二十一条；{ORDER_76} 第十二条"),
    ("health_care", "婴幼儿入托前完成适龄预防接种并经健康检查合格，查验预防接种证",
     "Children had their age-appropriate vaccinations and a health check before admission; vaccination "
     "records were checked", f"{GUIDE} 第十一条"),
    ("health_care", "设保健观察室，配备儿童观察床和常用保健器械",
     "There is a health observation room with an observation bed and basic health equipment", HEALTH_RULES),
    ("health_care", "建立婴幼儿健康档案，定期开展体格检查和生长发育监测",
     "Children have health records, with regular physical checks and growth monitoring", HEALTH_RULES),
    # 卫生与消毒
    ("hygiene", "每日对活动室、寝室、玩具、餐具等进行清洁消毒，消毒记录完整",
     "Rooms, bedrooms, toys and tableware are cleaned and disinfected daily, with complete records",
     f"{GUIDE} 第二十七条"),
    ("hygiene", "水杯、毛巾等生活用品专人专用，一人一用一消毒",
     "Cups, towels and other personal items are for one child only and disinfected after each use",
     HEALTH_RULES),
    ("hygiene", "室内通风换气良好，环境整洁，卫生间和盥洗设施清洁",
     "Rooms are well ventilated and tidy; toilets and wash basins are clean", HEALTH_RULES),
    ("hygiene", "消毒剂配比、使用规范，按说明存放",
     "Disinfectants are diluted and used correctly and stored as instructed", HEALTH_RULES),
    ("hygiene", "生活饮用水符合国家标准，饮水设备定期清洗消毒",
     "Drinking water meets the national standard; water dispensers are cleaned and disinfected regularly",
     HEALTH_RULES),
    # 传染病防控
    ("infection", "落实因病缺勤追踪登记，专人联系缺勤婴幼儿家长并登记病因",
     "Absence due to illness is followed up: a named person calls the parents and records the cause",
     f"{QUALITY} 7.4.3"),
    ("infection", "建立传染病疫情报告制度，发现传染病或疑似病例按规定及时报告",
     "There is a reporting procedure for infectious diseases; cases and suspected cases are reported on time",
     f"{GUIDE} 第二十七条；{ORDER_76} 第十六条"),
    ("infection", "落实病儿隔离制度，疑似传染病婴幼儿及时隔离并通知监护人",
     "Sick children are isolated: a child suspected of an infectious disease is separated at once and the "
     "parents are called", f"{GUIDE} 第二十七条"),
    ("infection", "患传染病婴幼儿凭医疗卫生机构证明返托；离托3个月以上返回时重新体检",
     "A child who had an infectious disease returns only with a medical certificate; a child away for over 3 "
     "months has a new health check", f"{ORDER_76} 第十八条"),
    ("infection", "工作人员患传染性疾病立即离岗，治愈后持证明返岗",
     "Staff with an infectious disease leave work at once and return only with a certificate of recovery",
     f"{GUIDE} 第二十八条"),
    # 常见病预防
    ("common_illness", "开展贫血、营养不良、肥胖等营养性疾病筛查，对体弱儿实行专案管理",
     "Children are screened for anaemia, malnutrition and obesity; frail children are managed individually",
     HEALTH_RULES),
    ("common_illness", "定期开展眼、口腔、听力保健，筛查结果告知家长",
     "Eye, dental and hearing care is provided regularly and screening results are given to parents",
     HEALTH_RULES),
    ("common_illness", "保证婴幼儿每日户外活动不少于2小时（寒冷、炎热季节可酌情调整）",
     "Children play outdoors at least 2 hours a day (adjusted in very cold or hot weather)",
     f"{GUIDE} 第十八条"),
    ("common_illness", "开展常见病、多发病预防健康教育，面向家长宣传",
     "Health education on preventing common illnesses is given, including to parents", HEALTH_RULES),
    # 食品安全
    ("food", "食品经营许可证在有效期内，许可范围与实际供餐相符",
     "The food business licence is valid and covers the meals actually served", "食品安全法 第三十五条"),
    ("food", "炊事人员持有效健康证明上岗，每年健康检查",
     "Kitchen staff hold a valid health certificate and have a health check every year",
     "食品安全法 第四十五条"),
    ("food", "每餐次食品成品留样，冷藏存放48小时以上，每个品种不少于125克，有留样记录",
     "A sample of every dish of every meal is kept refrigerated for at least 48 hours, at least 125 g each, "
     "with records", "餐饮服务食品安全操作规范"),
    ("food", "食品原料进货查验、索证索票，记录完整，无过期变质食品",
     "Ingredients are checked on delivery with certificates and invoices kept; no expired or spoiled food",
     "食品安全法 第五十五条"),
    ("food", "厨房生熟分开，餐饮具清洗消毒，不制作冷荤凉菜",
     "Raw and cooked food are kept apart, tableware is washed and disinfected, and no cold meat dishes are made",
     HEALTH_RULES),
    # 收费公示
    ("fees", "收费项目和标准在显著位置公示，与平台公示一致",
     "Fee items and amounts are displayed prominently and match the disclosure on this portal",
     f"{GUIDE} 第十五条"),
    ("fees", "未在公示项目和标准之外收取费用",
     "No fee is charged beyond the disclosed items and amounts", f"{GUIDE} 第十五条"),
    ("fees", "预收费不超过3个月",
     "Fees are collected in advance for at most 3 months", "预收费监管要求"),
    ("fees", "膳食费专款专用，账目定期向家长公布",
     "Meal fees are used for meals only and the accounts are published to parents regularly",
     f"{HEALTH_RULES}；{QUALITY} 10.4"),
    ("fees", "与监护人签订托育服务协议，明确收费和退费规则",
     "A childcare agreement is signed with the parents, with the fee and refund rules", f"{GUIDE} 收托管理"),
    # 保育照护
    ("care", "班级规模符合设置标准（乳儿班≤10人、托小班≤15人、托大班≤20人、混合班≤18人）",
     "Class sizes keep to the standard (infant ≤10, toddler ≤15, senior toddler ≤20, mixed-age ≤18)",
     f"{STANDARD} 第十九条"),
    ("care", "保育人员与婴幼儿配比符合设置标准（乳儿班1:3、托小班1:5、托大班1:7）",
     "Caregiver-to-child ratios keep to the standard (infant 1:3, toddler 1:5, senior toddler 1:7)",
     f"{STANDARD} 第二十条"),
    ("care", "实际收托人数不超过备案托位数",
     "Children enrolled do not exceed the filed seats", f"{GUIDE} 第十二条"),
    ("care", "制定并落实一日生活安排，科学安排饮食、饮水、睡眠、如厕、盥洗和游戏",
     "A daily routine is set and followed: meals, drinking, sleep, toileting, washing and play",
     f"{GUIDE} 保育管理"),
    ("care", "保育人员经培训合格上岗，无虐待、体罚、歧视婴幼儿行为",
     "Caregivers are trained and qualified; no child is abused, physically punished or discriminated against",
     f"{STANDARD} 第十八条；{GUIDE} 第三十五条"),
    ("care", "建立家园联系制度，定期向家长反馈婴幼儿发展情况",
     "Parents are kept in touch and told regularly how their child is developing", f"{GUIDE} 保育管理"),
    # 膳食营养
    ("nutrition", "每周制定带量食谱并向家长公示",
     "A weekly menu with quantities is drawn up and shown to parents", f"{GUIDE} 第十五条；{QUALITY} 7.3.1"),
    ("nutrition", "定期进行膳食营养分析，营养素摄入量符合要求",
     "Meals are analysed for nutrition regularly and intake meets the requirements", HEALTH_RULES),
    ("nutrition", "按月龄提供适宜食物，顺应喂养；特殊喂养需求有监护人书面说明",
     "Food suits each child's age and feeding follows the child's cues; special diets have a written note from "
     "the parents", f"{GUIDE} 保育管理"),
    ("nutrition", "保证婴幼儿按需饮水",
     "Children can drink water whenever they need to", HEALTH_RULES),
    ("nutrition", "母乳和配方奶储存、冲调规范，奶瓶专人专用并消毒",
     "Breast milk and formula are stored and prepared correctly; bottles are for one child only and disinfected",
     HEALTH_RULES),
]  # fmt: skip


def seed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("supervision", "ChecklistTemplate")
    ChecklistItem = apps.get_model("supervision", "ChecklistItem")
    InspectionFrequency = apps.get_model("supervision", "InspectionFrequency")
    if not ChecklistTemplate.objects.filter(name=CHECKLIST_NAME).exists():
        template = ChecklistTemplate.objects.create(
            name=CHECKLIST_NAME, version=1, is_current=True, notes="初始版本：11类监督检查项目"
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
    # The district default: twice a year (DESIGN §2 / issue 4: "for example twice a year").
    InspectionFrequency.objects.get_or_create(category="", institution=None, defaults={"per_year": 2})


def unseed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("supervision", "ChecklistTemplate")
    ChecklistItem = apps.get_model("supervision", "ChecklistItem")
    InspectionFrequency = apps.get_model("supervision", "InspectionFrequency")
    ChecklistItem.objects.filter(template__name=CHECKLIST_NAME).delete()
    ChecklistTemplate.objects.filter(name=CHECKLIST_NAME).delete()
    InspectionFrequency.objects.filter(category="", institution=None).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
