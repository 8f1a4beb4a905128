"""Donations data for the demo union: the seed's charity drive (Chinese data, allowed here).

The seed summary: 根据《广东省教育厅关于开展扶贫济困爱心捐赠活动的通知》要求，……全校共有310名
教职工参加了本次捐款活动，共计募集捐款20819元，学校所募集的捐款将全部上缴给广东省教育基金会。
"""

from typing import Any

# The seed's drive ({y1}: the seed year's second calendar year; days are MM-DD in the seed year).
DRIVE: dict[str, Any] = {
    "title": "{y1}年“广东扶贫济困日”爱心捐赠活动",
    "recipient": "广东省教育基金会",
    "description": (
        "根据《广东省教育厅关于开展扶贫济困爱心捐赠活动的通知》要求，校工会组织全校教职工"
        "开展扶贫济困爱心捐赠活动。捐款由各分工会联络员收集汇总，或由教职工通过银行转账、"
        "微信支付、工资代扣等方式捐赠；所募集的捐款将全部上缴给广东省教育基金会。"
    ),
    "starts_on": "06-01",
    "ends_on": "06-30",
    "target_yuan": 20000,
    "handed_over_on": "07-08",
    "recipient_receipt": "粤教基捐〔{y1}〕第0630-117号",
    "handover_note": "已通过学校银行账户转入广东省教育基金会账户，取得捐赠票据。",
}
DONORS = 310  # the seed: 310 staff took part
TOTAL_YUAN = 20819  # the seed: 20,819 yuan collected
# Typical gifts (yuan) and how often they are chosen.
AMOUNTS = [(10, 1), (20, 5), (30, 4), (50, 14), (100, 6), (200, 1), (500, 1)]
REPORTED_BY_MEMBERS = 6  # donors who transferred themselves and reported it on the platform
REJECTED_NOTE = "未查到该笔转账，请核对后重新提交"

# A small drive of the current year, still open, so the member page has something to give to
# (its days are counted from today: opened 20 days ago, closes in 40 days).
OPEN_DRIVE: dict[str, Any] = {
    "title": "{year}年“爱心助学”捐款",
    "recipient": "校教育发展基金会",
    "description": "资助家庭经济困难学生顺利入学，欢迎教职工自愿捐款。",
    "opened_days_ago": 20,
    "closes_in_days": 40,
    "target_yuan": 10000,
}
OPEN_DRIVE_DONORS = 12
