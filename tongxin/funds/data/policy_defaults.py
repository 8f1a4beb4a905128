"""The first policy version of a school when its books are opened (editable afterwards).

Figures follow domain-rules 1.3 and 5: a holiday cap of 2,000 yuan per member per year (the
default the rules recommend until the Guangdong figure is confirmed), the seven statutory
festivals, prizes for at most 2/3 of participants (≤ 800 yuan each, SYSU guide), and care
standards after GDUT's 2023 department-union rules (≤ 500 yuan, illness at most twice a
year) with larger amounts for serious illness, hardship and a member's death. Claims within
six months. Nationally, wedding, childbirth and retirement are goods; illness and death cash.
"""

HOLIDAY_CAP_FEN = 200000
HOLIDAY_CATEGORY_KEY = "expense.staff_activities.member_activities"
FESTIVALS = [
    "new_year",
    "spring_festival",
    "qingming",
    "labour_day",
    "dragon_boat",
    "mid_autumn",
    "national_day",
]
PRIZE_SHARE = (2, 3)
PRIZE_CAP_FEN = 80000
NOTE = "初始标准：依据基层工会经费收支管理办法及省内高校常见做法设定，请财务与经审会确认后调整。"

_MEMBER_ACTIVITIES = "expense.staff_activities.member_activities"
_HARDSHIP = "expense.rights.hardship_aid"

# kind: (max yuan, form, yearly count limit, claim window days, category key, attachments)
CARE_STANDARDS = {
    "serious_illness": (2000, "cash", 1, 180, _HARDSHIP, "诊断证明\n住院病案首页或出院记录"),
    "hospitalisation": (500, "cash", 2, 180, _MEMBER_ACTIVITIES, "住院证明或出院记录"),
    "childbirth": (500, "goods", 1, 180, _MEMBER_ACTIVITIES, "出生医学证明"),
    "marriage": (500, "goods", 1, 180, _MEMBER_ACTIVITIES, "结婚证"),
    "retirement": (500, "goods", 1, 180, _MEMBER_ACTIVITIES, "退休审批文件"),
    "member_death": (2000, "cash", 1, 180, _MEMBER_ACTIVITIES, "死亡证明"),
    "relative_death": (500, "cash", 2, 180, _MEMBER_ACTIVITIES, "死亡证明\n亲属关系证明"),
    "hardship_aid": (2000, "cash", 2, 180, _HARDSHIP, "困难职工建档材料\n分工会核实意见"),
    "other": (300, "goods", 1, 180, _MEMBER_ACTIVITIES, "情况说明"),
}
