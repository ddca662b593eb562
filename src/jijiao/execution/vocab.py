"""Words of the execution area: the 附件2 questionnaire, province names, score items."""

# Seed 001 附件2 学员对该项目评估意见: questions 1–6 single choice (best option first), question 7
# "只许选二项".
QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "q1",
        "认为本项目讲授主要内容是本学科最新发展、最新成果或亟待解决的问题",
        ("是", "基本是", "否"),
    ),
    ("q2", "对本项目基本内容以前了解情况为", ("全知道", "部分知道", "不知道")),
    ("q3", "通过本项目学习认为收获", ("很大", "较大", "一般")),
    ("q4", "对授课教师讲授内容满意度", ("很满意", "满意", "一般")),
    ("q5", "对本项目的教学计划安排感到", ("很满意", "满意", "一般")),
    ("q6", "对本项目所用教材的满意度", ("很满意", "满意", "一般")),
)
Q7_TEXT = "通过本项目学习，感到收获最大的是（只许选二项）"
Q7_OPTIONS = ("开阔思路", "提高临床诊治能力", "提高理论水平", "提高科研工作能力", "提高操作能力")
Q7_PICKS = 2

# The session's planned format → the rubric's mode (contract.md ``execution-score``).
FORMAT_MODE = {"offline": "face_to_face", "blended": "blended", "online": "remote"}
MODE_LABELS = {"face_to_face": "面授", "blended": "线上线下结合（按面授计分）", "remote": "远程"}

# Seed 001 附件4 item names, for the score page and the export.
ITEM_NAMES = {
    "1.1.1": "举办前填写报备信息的时间",
    "1.1.2": "举办结束后填写执行情况的时间",
    "1.1.3": "执行情况上传周期",
    "1.2.1": "实际举办时间",
    "1.2.2": "实际举办地点",
    "1.2.3": "举办方式",
    "1.2.4": "实际举办天数（面授）或学时数（远程）",
    "1.2.5": "项目负责人参与授课",
    "1.2.6": "实际授课教师",
    "1.2.7": "视频学习",
    "2.1.1": "省外学员占比",
    "2.1.2": "学员来自省份的数量",
    "2.2.1": "学员评估满意度",
}
ALL_ITEMS = tuple(ITEM_NAMES)

# Long province names (GB/T 2260) and their short forms; a trainee's declared province may be
# either, so provinces are compared by the short form.
_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")
UNKNOWN_PROVINCE = "（省份未知）"


def province_short(name: str | None) -> str:
    """``浙江省`` → ``浙江``, ``广西壮族自治区`` → ``广西``, ``北京市`` → ``北京``; the
    Corps (新疆生产建设兵团) keeps its name."""
    name = (name or "").strip()
    if not name or name.endswith("兵团"):
        return name
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
