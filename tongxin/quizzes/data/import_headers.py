"""The question sheet format: column headers and the words for question types and answers.

Headers compare after removing spaces, asterisks and notes in brackets, ignoring case; the
first header of each field is the one Tongxin writes in the template.
"""

HEADERS: dict[str, tuple[str, ...]] = {
    "kind": ("题型", "类型", "kind", "type"),
    "stem": ("题干", "题目", "问题", "stem", "question"),
    "option_0": ("选项A", "A", "option a"),
    "option_1": ("选项B", "B", "option b"),
    "option_2": ("选项C", "C", "option c"),
    "option_3": ("选项D", "D", "option d"),
    "option_4": ("选项E", "E", "option e"),
    "option_5": ("选项F", "F", "option f"),
    "answer": ("答案", "正确答案", "answer"),
    "category": ("分类", "类别", "题库分类", "category"),
    "points": ("分值", "分数", "points"),
    "explanation": ("解析", "答案解析", "说明", "explanation"),
}
REQUIRED_FIELDS = ("kind", "stem", "answer", "category")

KIND_WORDS: dict[str, str] = {
    "单选": "single",
    "单选题": "single",
    "单项选择": "single",
    "单项选择题": "single",
    "single": "single",
    "多选": "multiple",
    "多选题": "multiple",
    "多项选择": "multiple",
    "多项选择题": "multiple",
    "multiple": "multiple",
    "判断": "true_false",
    "判断题": "true_false",
    "是非题": "true_false",
    "true_false": "true_false",
    "true/false": "true_false",
}
TRUE_WORDS = ("对", "正确", "是", "√", "✓", "T", "TRUE", "Y", "YES")
FALSE_WORDS = ("错", "错误", "否", "×", "✗", "X", "F", "FALSE", "N", "NO")

TEMPLATE_ROWS = (
    (
        "单选",
        "中华全国总工会成立于哪一年？",
        "1921年",
        "1925年",
        "1949年",
        "1978年",
        "",
        "",
        "B",
        "工会知识",
        2,
        "1925年5月1日，第二次全国劳动大会在广州召开，成立中华全国总工会。",
    ),
    (
        "多选",
        "工会的基本职能包括哪些？",
        "维护",
        "建设",
        "参与",
        "教育",
        "",
        "",
        "ABCD",
        "工会知识",
        2,
        "维护、建设、参与、教育是工会的四项基本职能。",
    ),
    ("判断", "国际劳动妇女节是每年的3月8日。", "", "", "", "", "", "", "对", "女性权益", 1, ""),
)
