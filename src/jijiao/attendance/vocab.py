"""What the ATT_* codes mean, in the words the lists and messages show."""

CODE_TEXT = {
    "ATT_NO_SIGN_IN": "未在规定时间内签到",
    "ATT_NO_SIGN_OUT": "未在规定时间内签退",
    "ATT_ONLINE_DURATION": "在线学习时长不足",
    "ATT_OVERLAP": "同一时间已报名或已获其他项目学分，同期只授一个项目的学分",
    "ATT_CAPACITY": "报名人数超过计划招生人数",
    "ATT_DISCIPLINE_MISMATCH": "专业与项目学科不对口",
    "ATT_NOT_HEALTH_PROFESSIONAL": "非卫生专业技术人员",
}


def describe(codes: list[str]) -> str:
    return "；".join(f"{CODE_TEXT.get(code, code)}（{code}）" for code in codes)
