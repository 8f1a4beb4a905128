"""Chinese data of the demo union's funds: budgets, memos, branch spending, the audit opinion.

Figures are in yuan and shaped like the seed summary (its 2020-2021 academic year, played as
the demo's seed year): 59,000 yuan given to the branches, about 920 members, a school union of
a private university college.
"""

OPENING_BALANCE = 820000
OPENING_MEMO = "上年经费结转"

# Planned amounts in yuan for the school union's own budget, per fiscal year.
SCHOOL_BUDGET = {
    "income.dues": 380000,
    "income.allocated_funds": 1000000,  # about four quarters of the roster's 2% × 60%
    "income.admin_subsidy": 200000,
    "income.parent_subsidy": 30000,
    "expense.staff_activities.staff_education": 40000,
    "expense.staff_activities.culture_sports": 260000,
    "expense.staff_activities.publicity": 30000,
    "expense.staff_activities.member_activities": 1100000,
    "expense.staff_activities.other": 40000,
    "expense.staff_services": 300000,
    "expense.rights.hardship_aid": 150000,
    "expense.rights.warmth_campaign": 120000,
    "expense.rights.other": 20000,
    "expense.business.training": 30000,
    "expense.business.meetings": 40000,
    "expense.business.other": 10000,
    "transfer.allocation_out": 59000,
}
BUDGET_NOTE = "{year}年度工会经费预算（经审会审查、工会委员会审批）"
ADJUSTMENT_NOTE = "年中调整：气排球比赛与兴趣小组活动经费增加"
ADJUSTMENT = {"expense.staff_activities.culture_sports": 300000}
BRANCH_BUDGET_NOTE = "{year}年度分工会活动经费预算"

# The allocation to the branches: 59,000 yuan in all, 1,000 per branch and the rest by members.
ALLOCATION_POOL = 59000
ALLOCATION_BASE = 1000
ALLOCATION_NOTE = "{year}年二级工会活动经费：每个分工会基数1000元，其余按3月1日会员人数分配"

ALLOCATED_FUNDS_MEMO = "{year}年第{quarter}季度拨缴经费（全部职工工资总额2%，留成60%）"
ADMIN_SUBSIDY_MEMO = "学校行政补助工会经费"
PARENT_SUBSIDY_MEMO = "上级工会专项补助（教职工文体活动）"

SCHOOL_EXPENSES = [
    ("12-18", "expense.business.meetings", 6800, "第三届工会委员会会议会务费"),
    ("01-08", "expense.business.training", 5600, "选派工会干部参加工会工作学习与研讨培训费"),
    (
        "03-30",
        "expense.staff_activities.publicity",
        4200,
        "工会微信服务平台推文排版与宣传品制作",
    ),
    ("05-21", "expense.business.training", 3800, "分工会主席、联络员业务培训资料费"),
    (
        "06-25",
        "expense.staff_activities.staff_education",
        9600,
        "党史学习教育读书活动图书购置",
    ),
]
DUPLICATE_EXPENSE = ("04-16", "expense.business.other", 1280, "工会办公用品采购")
DUPLICATE_REASON = "同一张发票重复入账，冲销后以原分录为准"

# What branches spend their allocation on: (month-day, category key, share of allocation in %, memo)
BRANCH_SPENDING = [
    ("04-23", "expense.staff_activities.culture_sports", 30, "分工会春季趣味运动会器材与饮用水"),
    ("05-28", "expense.staff_activities.other", 25, "分工会青年教职工茶话会"),
    (
        "06-18",
        "expense.staff_activities.culture_sports",
        20,
        "分工会羽毛球、乒乓球友谊赛奖品（荣誉性纪念品）",
    ),
]

AUDIT_OPINION = (
    "经审查，校工会{year}年度经费收支均纳入预算管理，收入来源合法，支出符合《基层工会经费收支管理办法》"
    "规定的范围和标准，会计核算规范，账实相符。建议进一步完善二级工会活动经费的报销凭证管理，"
    "做到实名签领表、发票和经手人、证明人签字齐全。"
)
