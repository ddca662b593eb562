"""The closed vocabularies of contract.md, shared by the input models and the pack schema."""

from typing import Literal, get_args

Level = Literal["national", "provincial", "city"]
Format = Literal["offline", "online", "blended"]
Track = Literal["new", "refiling"]
Title = Literal["初级", "中级", "副高", "正高"]
LicenceStatus = Literal["valid", "suspended", "revoked", "failed_inspection", "deregistered"]
CourseKind = Literal["theory", "practical", "non_teaching"]
ScoreMode = Literal["face_to_face", "blended", "remote"]
FormatChange = Literal["none", "partial", "full"]
CreditClass = Literal["I", "II"]
RecordLevel = Literal["national", "provincial", "city", "unit"]
Exemption = Literal["resident_training", "gp_transfer_training", "long_study"]
UnitLevel = Literal["三级", "二级", "一级", "省级", "other"]
# Where a unit stands (an office maintains it on the unit): city centre, suburb, county, township.
UnitCategory = Literal["city_centre", "suburban", "county", "township"]
ActivityType = Literal[
    "全院业务学习",
    "科内业务学习",
    "大查房",
    "病例讨论",
    "讲课",
    "进修",
    "援助",
    "论文",
    "综述",
    "著作",
    "报告",
    "译文",
    "科研",
]
RecordType = Literal[
    "项目",
    "远程",
    "院内活动",
    "全院业务学习",
    "科内业务学习",
    "大查房",
    "病例讨论",
    "讲课",
    "进修",
    "援助",
    "论文",
    "综述",
    "著作",
    "报告",
    "译文",
    "科研",
]

LEVELS: tuple[str, ...] = get_args(Level)
FORMATS: tuple[str, ...] = get_args(Format)
TRACKS: tuple[str, ...] = get_args(Track)
TITLES: tuple[str, ...] = get_args(Title)
ACTIVITY_TYPES: tuple[str, ...] = get_args(ActivityType)
EXEMPTIONS: tuple[str, ...] = get_args(Exemption)
UNIT_LEVELS: tuple[str, ...] = get_args(UnitLevel)
SCORE_MODES: tuple[str, ...] = get_args(ScoreMode)
UNIT_CATEGORIES: tuple[str, ...] = get_args(UnitCategory)

# 初级 < 中级 < 副高 < 正高 (domain.md §3): the rank is the position in this tuple.
TITLE_RANK = {title: rank for rank, title in enumerate(TITLES)}

LEVEL_NAMES = {"national": "国家级", "provincial": "省级", "city": "市级"}
FORMAT_NAMES = {"offline": "线下", "online": "线上", "blended": "线上线下结合"}
TRACK_NAMES = {"new": "新申报", "refiling": "备案"}
UNIT_CATEGORY_NAMES = {
    "city_centre": "城区",
    "suburban": "郊区",
    "county": "县（市）",
    "township": "乡镇",
}


def secondary_discipline(code: str) -> str:
    """``03-06`` → ``03``: "same discipline" compares the secondary part (rules.md)."""
    return code.split("-", 1)[0]
