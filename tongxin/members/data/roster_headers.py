"""The roster file format: column headers, value words and the template's example row.

A roster is the spreadsheet a Chinese school keeps of its staff (花名册). Each field accepts
several headers, the ones personnel offices and earlier systems use; the first is the one
Tongxin writes in exports and the template, so an exported file can be imported again.
Headers are compared after removing spaces, asterisks and notes in brackets, ignoring case.
"""

import re

# field → accepted headers; the first is the one Tongxin writes.
HEADERS: dict[str, tuple[str, ...]] = {
    "staff_number": (
        "工号",
        "职工号",
        "教工号",
        "员工号",
        "员工编号",
        "人事编号",
        "人员编号",
        "staff_number",
        "staff number",
        "staff no",
    ),
    "name": ("姓名", "名字", "name"),
    "gender": ("性别", "gender", "sex"),
    "birth_on": ("出生日期", "出生年月日", "生日", "birth_on", "birth date", "date of birth"),
    "phone": ("手机", "手机号", "手机号码", "移动电话", "联系电话", "联系方式", "mobile", "phone"),
    "email": ("电子邮箱", "邮箱", "电子邮件", "email", "e-mail"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "身份证",
        "证件号码",
        "id_number",
        "id number",
    ),
    "department": ("部门", "所在部门", "单位", "工作单位", "所在单位", "department"),
    "branch": (
        "分会",
        "部门工会",
        "二级工会",
        "分工会",
        "所属分会",
        "所属工会",
        "基层工会",
        "branch",
    ),
    "group": ("工会小组", "小组", "所属小组", "group"),
    "employment_status": (
        "在职状态",
        "人员状态",
        "在岗状态",
        "人员类别",
        "employment_status",
        "employment",
    ),
    "hire_on": ("入职日期", "入校日期", "来校日期", "入职时间", "hire_on", "hired on"),
    "joined_on": ("入会日期", "入会时间", "joined_on", "member since"),
    "wage_base": ("工资基数", "会费基数", "缴费基数", "wage_base", "wage base"),
}

# Columns often found in rosters that carry nothing to import (a running number, notes, the
# membership status Tongxin itself exports). They are accepted and ignored.
IGNORED_HEADERS: tuple[str, ...] = (
    "序号",
    "编号序号",
    "会员状态",
    "会籍状态",
    "备注",
    "no",
    "no.",
    "#",
    "membership",
    "note",
    "notes",
)

REQUIRED_FIELDS = ("staff_number", "name", "gender", "branch")

GENDER_WORDS: dict[str, str] = {
    "男": "male",
    "男性": "male",
    "m": "male",
    "male": "male",
    "女": "female",
    "女性": "female",
    "f": "female",
    "female": "female",
}

EMPLOYMENT_WORDS: dict[str, str] = {
    "在职": "active",
    "在岗": "active",
    "在编": "active",
    "active": "active",
    "退休": "retired",
    "已退休": "retired",
    "retired": "retired",
    "离职": "left",
    "调离": "left",
    "辞职": "left",
    "已离职": "left",
    "left": "left",
    "去世": "deceased",
    "已故": "deceased",
    "死亡": "deceased",
    "病故": "deceased",
    "deceased": "deceased",
}

# The words Tongxin writes (the first word of each value above).
GENDER_WRITTEN = {"male": "男", "female": "女"}
EMPLOYMENT_WRITTEN = {"active": "在职", "retired": "退休", "left": "离职", "deceased": "去世"}
MEMBERSHIP_WRITTEN = {
    "none": "非会员",
    "applicant": "申请中",
    "member": "会员",
    "retained": "保留会籍",
    "left": "已退会",
    "deceased": "已故",
}
MEMBERSHIP_HEADER = "会员状态"
LIST_SEPARATOR = "、"

# 2020年1月2日 (the day mark may be missing)
CHINESE_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")

EXPORT_SHEET_TITLE = "花名册"
EXPORT_FILE_STEM = "教职工花名册"
TEMPLATE_FILE_STEM = "花名册导入模板"
NOTES_SHEET_TITLE = "填写说明"

# The template's example row; the branch is replaced by a real branch of the school.
EXAMPLE_ROW: dict[str, object] = {
    "staff_number": "20210001",
    "name": "张三",
    "gender": "男",
    "birth_on": "1985-02-02",
    "phone": "13800138000",
    "email": "zhangsan@example.edu.cn",
    "id_number": "440101198502020010",
    "department": "计算机与信息学院",
    "branch": "计算机与信息学院分工会",
    "group": "",
    "employment_status": "在职",
    "hire_on": "2010-09-01",
    "joined_on": "2010-10-15",
    "wage_base": "5678.90",
}

# The notes sheet of the template: (header, required, how to fill it in).
NOTES: tuple[tuple[str, str, str], ...] = (
    ("工号", "必填", "学校人事工号，按工号匹配已有人员；请将此列设为文本格式，以免丢失开头的 0。"),
    ("姓名", "必填", ""),
    ("性别", "必填", "男 或 女。"),
    ("出生日期", "选填", "如 1985-02-02、1985/2/2、1985.2.2、19850202 或 1985年2月2日。"),
    ("手机", "选填", "11 位手机号。"),
    ("电子邮箱", "选填", ""),
    ("身份证号", "选填", "18 位；请设为文本格式，否则 Excel 会把末几位变成 0。"),
    ("部门", "选填", "所在部门（行政单位）。"),
    ("分会", "必填", "分会（部门工会）名称，须与系统中的名称一致。"),
    ("工会小组", "选填", "分会下的工会小组名称。"),
    ("在职状态", "选填", "在职、退休、离职 或 去世；不填视为在职。"),
    ("入职日期", "选填", "日期格式同上。"),
    ("入会日期", "选填", "填写则为该人员办理入会（仅限在职人员）。"),
    ("工资基数", "选填", "计算会费的月工资基数，单位元，最多两位小数。"),
)
NOTES_HEADER = ("列名", "是否必填", "说明")
NOTES_FOOTER = (
    "已有人员的空白单元格表示不修改原有信息。",
    "分会或在职状态的变化按会籍转接、退休、离职或去世办理，并记入会籍历史。",
    "同一文件可以重复导入：没有变化的行不会产生任何修改。",
)
