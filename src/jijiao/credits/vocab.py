"""The ledger's vocabularies: activity types by entry path, and how a category is shown.

Categories (class I national, class I provincial, class II, …) are data: a row stores the
``credit_class`` and ``credit_level`` the pack gave it, and :func:`category_label` only names
them. Activity type names are the seeds' own words, so the credit-entry rules (``CRD_*``) can be
called with them unchanged.
"""

# In-unit activities entered by a department or unit admin for a list of attendees
# (seed 002 四.2(1)); 讲课 is the in-unit lecture, credited to the speaker (seed 002 三.3).
IN_UNIT_TYPES = ("全院业务学习", "科内业务学习", "大查房", "病例讨论")
SPEAKER_TYPE = "讲课"

# Personal activities entered by the person with evidence (seed 002 四.2(1), 三.3, 三.4).
# 援助 is the rules' word for 援疆援藏 and other medical aid (seed 002 三.4).
PERSONAL_TYPES = ("进修", "援助", "论文", "综述", "著作", "报告", "译文", "科研")
PERSONAL_TYPE_LABELS = {"援助": "援助（援疆援藏等）"}

# Credits from projects: an executed session, an out-of-province national project, a provincial
# TCM project (seed 003 第十九条至第二十一条), and remote courses.
PROJECT_TYPE = "项目"
PROJECT_LECTURE_TYPE = "项目授课"
REMOTE_TYPE = "远程"

# In-unit and personal activities earn class II credit (seed 002 三.3: "通过论文、课题获取二类学分",
# "通过单位内部讲课（主讲人）获取二类学分"). The packs do not state it, so it is named here once.
IN_UNIT_CLASS = "II"
IN_UNIT_LEVEL = "unit"

# Journal tiers and author ranks a paper is recorded with; research project ranks.
JOURNAL_TIERS = ("SCI/SSCI 收录", "中华医学会系列/核心期刊", "省级期刊", "其他期刊")
AUTHOR_RANKS = ("第一作者", "通讯作者", "第二作者", "第三作者及以后")
RESEARCH_RANKS = ("国家级", "省部级", "市厅级", "县局级/院级")
RESEARCH_ROLES = ("主持人", "第二完成人", "第三完成人", "其他参与者")

LEVEL_LABELS = {"national": "国家级", "provincial": "省级", "city": "市级", "unit": "单位"}
CLASS_LABELS = {"I": "Ⅰ类", "II": "Ⅱ类"}


def category_label(credit_class: str, credit_level: str) -> str:
    """``I``/``national`` → ``Ⅰ类（国家级）``; class II is shown without its level."""
    name = CLASS_LABELS.get(credit_class, credit_class)
    if credit_class == "I" and credit_level in LEVEL_LABELS:
        return f"{name}（{LEVEL_LABELS[credit_level]}）"
    return name


def mask_name(name: str) -> str:
    """张建华 → 张*华, 王丽 → 王*, a single character stays as it is."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
