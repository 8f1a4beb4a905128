"""Demo data of the staff congress (Chinese text shown in the demo)."""

DELEGATION_SUFFIX = "代表团"
SESSION_TITLE = "第五届教职工代表大会第{number}次会议"
SESSION_PLACE = "学术报告厅"
AGENDA = [
    ("report", "听取学校年度工作报告"),
    ("report", "听取学校财务工作报告"),
    ("report", "听取工会工作报告和经费审查报告"),
    ("proposals_report", "听取上次会议提案办理情况报告"),
    ("plan", "审议《教职工年度福利方案》"),
    ("election", "选举新一届工会委员会委员"),
]
MOTION_TITLE = "审议通过《教职工年度福利方案》"
ELECTION_TITLE = "工会委员会委员选举"
COMMITTEES = [
    ("presidium", "大会主席团"),
    ("proposals", "提案工作委员会"),
    ("welfare", "生活福利委员会"),
    ("evaluation", "民主评议委员会"),
]
OVERRIDE_REASON = "经大会主席团审议同意"
