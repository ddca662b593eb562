"""The audit's vocabularies: the checklist items of each activity type's evidence.

Which types need evidence, and the words the finding uses, are the pack's (``evidence.kinds``,
``AUD_EVIDENCE_MISSING``); seed 002 三.3–三.4 say what the material consists of, item by item,
so a unit can tick each piece it brought.
"""

ITEM_LABELS = {
    "cover": "封面（加盖单位公章）",
    "contents": "目录（标题处打“√”）",
    "text": "正文/内容",
    "sign_in": "原始签到表复印件（加盖单位公章）",
    "slides": "讲课 PPT 纸质材料（加盖单位公章）",
    "certificate": "证书或证明材料",
}

_PUBLICATION = ("cover", "contents", "text")

# 三.3: papers and research — cover, contents with the title ticked, text;
# 三.3: in-unit lectures as speaker — the sign-in sheet and the slides;
# 三.4: 进修 and 援疆援藏 — the certificate or proof.
ITEMS_BY_TYPE = {
    "论文": _PUBLICATION,
    "综述": _PUBLICATION,
    "著作": _PUBLICATION,
    "译文": _PUBLICATION,
    "报告": _PUBLICATION,
    "科研": _PUBLICATION,
    "讲课": ("sign_in", "slides"),
    "进修": ("certificate",),
    "援助": ("certificate",),
}

# Files already attached to a ledger row that can stand for an item.
LEDGER_KINDS_FOR_ITEM = {
    "cover": ("publication", "proof"),
    "contents": ("publication", "proof"),
    "text": ("publication", "proof"),
    "sign_in": ("sign_in", "proof"),
    "slides": ("slides", "proof"),
    "certificate": ("certificate", "proof"),
}

# The form's general material (seed 002 三.1, 三.2, 三.5), listed before the pack's types.
GENERAL_MATERIAL = (
    "一类及二类学分证书，及各年度一、二类学分汇总纸质清单各一份（每年度单独打印；"
    "证书放置顺序与清单上的时间先后顺序一致）",
    "《中高级卫生技术人员继续医学教育学分登记汇总表》（附件1）",
    "去年已审核合格、今年仍需审核的人员，须重新提供全部纸质材料",
)


def items_for(activity_type: str, pack_kinds: dict) -> tuple[str, ...]:
    """The checklist of a row: only types the pack says need evidence have one."""
    if activity_type not in pack_kinds:
        return ()
    return ITEMS_BY_TYPE.get(activity_type, ("certificate",))
