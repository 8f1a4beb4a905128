"""The columns of a bulk donation upload and the words accepted in its cells.

Each field lists the headers it may be written as (the first is the template's); channel and
anonymous cells accept the words staff actually type.
"""

HEADERS: dict[str, tuple[str, ...]] = {
    "staff_number": ("工号", "职工号", "教工号", "staff number"),
    "name": ("姓名", "name"),
    "amount": ("金额", "金额(元)", "捐款金额", "捐款金额(元)", "amount"),
    "donated_on": ("日期", "捐款日期", "date"),
    "channel": ("渠道", "方式", "捐款方式", "channel"),
    "anonymous": ("匿名", "是否匿名", "anonymous"),
}
REQUIRED_FIELDS = ("staff_number", "name", "amount")
TEMPLATE_HEADERS = ("工号", "姓名", "金额", "日期", "渠道", "匿名")

CHANNEL_WORDS: dict[str, str] = {
    "现金": "cash",
    "现金(联络员代收)": "cash",
    "联络员代收": "cash",
    "代收": "cash",
    "银行转账": "bank_transfer",
    "转账": "bank_transfer",
    "银行": "bank_transfer",
    "微信": "wechat_pay",
    "微信支付": "wechat_pay",
    "微信转账": "wechat_pay",
    "工资代扣": "payroll",
    "代扣": "payroll",
    "工资扣除": "payroll",
}
# Written in an export, so the file can be read back.
CHANNEL_WRITTEN: dict[str, str] = {
    "cash": "现金",
    "bank_transfer": "银行转账",
    "wechat_pay": "微信支付",
    "payroll": "工资代扣",
}
YES_WORDS = frozenset({"是", "匿名", "y", "yes", "true", "1", "√"})
NO_WORDS = frozenset({"否", "不匿名", "n", "no", "false", "0", "×"})
LIST_SEPARATOR = "、"
