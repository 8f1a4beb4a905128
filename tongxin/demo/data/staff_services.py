"""Chinese sample text of the staff-services demo (group accident insurance, school places).

The seed summary: "为教职工购买团体人身意外伤害保险……主险包含意外身故、残疾和烧烫伤，附加险包含
住院津贴、重大疾病、疾病身故、意外住院医疗等。保额高达34万元/人" and "协助为我校55名教职工子女
申请入托入学……争取将城市学院集体户划分至香城小学片区".
"""

POLICY_NAME = "{y0}-{y1}学年教职工团体人身意外伤害保险"  # the seed year
INSURER = "中国人寿保险股份有限公司东莞分公司"
POLICY_NUMBER = "{y0}-DG-TX-0917"
POLICY_NOTE = (
    "为提高教职工抵御重大疾病和意外风险的能力，作为社会保险的有效补充，工会为全体会员统一投保。"
)
PREMIUM_YUAN = 120

# (name, sum insured in yuan, rider?)
COVER_ITEMS = [
    ("意外身故、残疾和烧烫伤（主险）", 340_000, False),
    ("附加住院津贴（每日100元，最长180天）", 18_000, True),
    ("附加重大疾病保险", 50_000, True),
    ("附加疾病身故保险", 50_000, True),
    ("附加意外住院医疗保险", 20_000, True),
]

# (incident description, outcome, paid yuan): outcome is paid / refused / submitted / reported
CLAIMS = [
    ("上下班途中骑电动车摔倒，右腕骨折，住院7天。", "paid", 4_860),
    ("参加教职工气排球比赛时跟腱断裂，手术后住院12天。", "paid", 9_320),
    ("在家中烫伤左前臂（二度），门诊治疗。", "paid", 1_150),
    ("确诊重大疾病，住院治疗。", "paid", 50_000),
    ("校运会训练时扭伤脚踝，门诊治疗；保险公司认定不属于意外住院医疗责任。", "refused", 0),
    ("外出调研途中交通事故受伤，已提交理赔材料，等待保险公司审核。", "submitted", 0),
    ("下楼梯时摔伤膝盖，住院3天，正在准备理赔材料。", "reported", 0),
]

KINDERGARTENS = ["寮步镇中心幼儿园", "寮步镇香城幼儿园", "寮步镇凫山幼儿园", "寮步镇横坑幼儿园"]
PRIMARY_SCHOOLS = ["寮步镇香城小学", "寮步镇中心小学", "寮步镇凫山小学", "寮步镇西溪小学"]
JUNIOR_HIGHS = ["寮步镇宏伟初级中学", "寮步镇信义学校", "寮步镇香市中学"]

NOT_PLACED_NOTES = [
    "该片区学位已满，建议参加民办学校补录。",
    "户籍与积分条件不足，未获公办学位。",
    "家长放弃调剂学位。",
]
APPLICATION_NOTE = "城市学院集体户已划入香城小学片区。"
