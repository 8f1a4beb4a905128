"""Holiday-benefit data for the demo union (Chinese data, allowed here): the seed year's
batches, the proxies' names and the dental day's gift packs."""

# (festival, title ({y0}/{y1}: the seed year's two calendar years), goods, cost per person in
#  yuan, supplier, cut-off and given on (MM-DD in the seed year), retirees included, branch
#  indexes (None: the whole union))
BATCHES = [
    (
        "mid_autumn",
        "{y0}年中秋节慰问月饼",
        "广式月饼礼盒（双黄莲蓉、五仁）",
        168,
        "东莞市寮步镇香城食品有限公司",
        "09-15",
        "09-28",
        True,
        None,
    ),
    (
        "spring_festival",
        "{y1}年春节新春大礼包",
        "东北大米10公斤、花生油5升、坚果礼盒",
        420,
        "东莞市粮油集团有限公司",
        "01-20",
        "02-05",
        True,
        None,
    ),
    (
        "new_year",
        "{y1}年元旦慰问（一线教学单位）",
        "水果礼篮",
        80,
        "寮步镇鲜果配送中心",
        "12-20",
        "12-30",
        False,
        [0, 1, 2, 3, 4, 5, 6, 7],
    ),
    (
        "dragon_boat",
        "{y1}年端午节粽子",
        "嘉兴粽子礼盒、咸鸭蛋",
        88,
        "东莞市寮步镇香城食品有限公司",
        "06-01",
        "06-11",
        False,
        [8, 9, 10, 11, 12, 13, 14, 0, 1, 2, 3, 4, 5, 6, 7],
    ),
]

NOTE = "按《基层工会经费收支管理办法》发放节日慰问品，实名签领。"

PROXY_NAMES = ["同事代领", "家属代领", "王老师代领", "李老师代领", "陈老师代领", "办公室代领"]
UNDELIVERED_NOTE = "长期外出，未能领取"
MAIL_ADDRESS = "广东省东莞市寮步镇香城路{n}号"

DENTAL_GOODS = "护牙礼包（电动牙刷、牙膏、漱口水）"
DENTAL_COST_YUAN = 35
DENTAL_SUPPLIER = "东莞市口腔健康用品有限公司"
DENTAL_TITLE = "护牙活动护牙礼包"

# The current year's batch, handed out a few days before today and being signed off: by the
# month of today, (festival, title ({year}: the festival's year), goods, cost per person in yuan,
# supplier).
CURRENT_BATCHES = {
    "autumn": (
        "mid_autumn",
        "{year}年中秋节慰问月饼",
        "广式月饼礼盒（双黄莲蓉、五仁）",
        168,
        "东莞市寮步镇香城食品有限公司",
    ),
    "winter": ("new_year", "{year}年元旦慰问水果", "水果礼篮", 80, "寮步镇鲜果配送中心"),
    "spring": (
        "spring_festival",
        "{year}年春节新春大礼包",
        "东北大米10公斤、花生油5升、坚果礼盒",
        420,
        "东莞市粮油集团有限公司",
    ),
    "summer": (
        "dragon_boat",
        "{year}年端午节粽子",
        "嘉兴粽子礼盒、咸鸭蛋",
        88,
        "东莞市寮步镇香城食品有限公司",
    ),
}
