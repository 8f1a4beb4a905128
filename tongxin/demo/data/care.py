"""Chinese sample text of the care demo step (care visits, hardship files, tuition waivers)."""

# Health details of illness visits (stored encrypted, shown only to the approval chain).
ILLNESS_DIAGNOSES = [
    "腰椎间盘突出，手术治疗",
    "冠心病，心脏支架植入术",
    "乳腺肿瘤术后化疗",
    "急性阑尾炎手术",
    "肺部感染住院治疗",
    "膝关节置换手术",
    "脑梗塞住院治疗",
    "骨折内固定手术",
    "胆囊结石手术",
    "甲状腺结节切除术",
    "慢性肾病住院治疗",
    "糖尿病并发症住院治疗",
]
CHILDBIRTH_NOTES = ["顺产一女，母女平安", "剖宫产一子，母子平安", "顺产一子", "喜得千金"]
VISIT_NOTES = {
    "serious_illness": "分工会主席、联络员到医院看望，转达学校和工会的关怀",
    "hospitalisation": "联络员代表分工会到医院探望",
    "childbirth": "分工会送上生育慰问品（婴儿用品）",
    "member_death": "校工会、分工会领导到家中慰问家属，抚恤金交配偶签收",
    "relative_death": "分工会代表前往吊唁慰问",
    "hardship_aid": "春节前送温暖：建档困难职工帮扶慰问金",
}
PARENT_NAMES = ["王秀英", "李桂兰", "张玉珍", "刘凤英", "陈建国", "杨德明", "赵志强", "黄淑芬"]

# Hardship files: (monthly yuan per person, household size, incident costs yuan, major incident,
# situation).
HARDSHIP_FILES = [
    (900, 4, 0, False, "配偶长期患病无业，两个孩子在读，家庭收入仅靠本人工资"),
    (1800, 3, 0, False, "配偶下岗，父母年迈多病，需长期赡养"),
    (4200, 3, 160000, False, "家中突发火灾，房屋严重受损，重建费用超过家庭年收入"),
    (5200, 2, 0, False, "本人申请，经核实家庭人均收入高于当地低保标准两倍，暂不纳入建档"),
]
HARDSHIP_AID_ON = "02-01"  # in the seed year, before the Spring Festival
HARDSHIP_AID_YUAN = 1000
HARDSHIP_NOTE = "分工会入户走访核实，情况属实"
HARDSHIP_REJECT_NOTE = "入户核实：家庭人均收入高于认定标准"

WAIVER_NOTE = "已故教职工子女，按学校规定申请减免学费"
WAIVER_SCHOOL_NOTE = "学校同意减免该生本学年学费"

TOPUP_MEMO = "分工会慰问经费专项拨付（{year}年）"
BUDGET_NOTE = "年中调整：增加分工会慰问、抚恤支出"
SCHOOL_BUDGET_NOTE = "年中调整：向分工会拨付慰问、抚恤专项经费"
DEATH_NOTE = "因病去世"

# The current year's visits still in the approval flow (kind, amount in yuan, days before today
# of the event, of the filing): one waits for the union office, one for finance.
PENDING_VISITS = [
    ("hospitalisation", 500, 12, 8, "office"),
    ("childbirth", 500, 20, 14, "finance"),
]
