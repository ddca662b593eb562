"""Every rule's name in Chinese: what it checks, in a line, for the pack editor's choices and the
pack reference (``docs/packs.md``). A test fails when a rule of the schema has none."""

RULE_NAMES: dict[str, str] = {
    # 项目申报
    "APP_WINDOW": "申报时间：在申报通知的起止时间内提交",
    "APP_INCOMPLETE": "申报书完整：必填项（含线下项目的举办地点）已填",
    "APP_HOST_INELIGIBLE": "申报单位资质：执业许可有效",
    "APP_FORMAT_SUSPENDED": "暂停受理的举办方式",
    "APP_TRACK_SUSPENDED": "暂停受理的申报类型（新申报、备案）",
    "APP_NAME_BANNED_WORD": "项目名称不得含夸大规模的字样（如 中国、峰会）",
    "APP_ACADEMIC_THEME": "不受理学术会议、论坛、讲座、年会、工作会议等",
    "APP_PI_NOT_STAFF": "项目负责人为申报单位在职在岗人员",
    "APP_PI_AGE": "项目负责人年龄（周岁）不超过上限",
    "APP_PI_DISCIPLINE": "项目负责人专业与项目二级学科一致",
    "APP_PI_TEACHING_SHARE": "项目负责人理论授课时长不低于规定比例",
    "APP_PI_APPLICATION_LIMIT": "同一负责人本次申报项目数不超过上限",
    "APP_PI_UNEXECUTED": "负责人往年批准的项目无正当理由未举办",
    "APP_INTEGRITY_RECORD": "负责人和授课教师近 N 年无科研诚信不良记录",
    "APP_PI_EXECUTION_MISCONDUCT": "负责人近 N 年无执行中的弄虚作假或不良反馈记录",
    "APP_PI_TITLE": "项目负责人职称不低于规定（护理项目可另定）",
    "APP_THEORY_TEACHER_TITLE": "理论授课教师职称不低于规定",
    "APP_PRACTICAL_TEACHER_TITLE": "实践授课教师职称不低于规定",
    "APP_TEACHER_DISCIPLINE": "授课教师专业与所授内容的二级学科一致",
    "APP_TEACHER_HOURS": "每位教师理论授课学时不超过上限",
    "APP_OWN_UNIT_TEACHER_SHARE": "本单位授课教师人数不低于规定比例",
    "APP_OWN_UNIT_HOURS_SHARE": "本单位教师授课时长不低于规定比例",
    "APP_VENUE_NOT_OWN_UNIT": "医疗单位的项目首选在本单位举办",
    "APP_ENROLLMENT_LIMIT": "每期计划招生人数不超过上限",
    "APP_SESSION_LIMIT": "每年举办期数不超过上限",
    "APP_CREDIT_LIMIT": "申请学分不超过本级项目上限",
    "APP_CREDIT_ABOVE_HOURS": "申请学分不高于按授课时长核算的学分",
    "APP_OUT_OF_PROVINCE_TRAINEES": "计划招收外省学员不少于规定人数",
    "APP_UNIT_QUOTA": "单位推荐项目数不超过名额",
    "APP_DUPLICATE_CONTENT": "与其他申报或近年项目内容不重复",
    "APP_PI_BARRED": "负责人未被确认的处理暂停申报",
    "APP_UNIT_DISCIPLINE_BARRED": "单位该学科未被确认的处理暂停申报",
    "APP_DISCIPLINE_SCOPE": (
        "学科范围：项目学科在本次受理的学科内（含密切相关学科），不在不受理的学科内"
    ),
    "APP_FIELD_MISSING": "通知要求填写的其他栏目（如 联系人、联系电话）已填",
    "APP_ATTACHMENT_MISSING": "通知要求的附件（如 负责人签字承诺书）已上传",
    "APP_PAST_PROJECT": "往年项目：须有（或不得有）某年已批准、已举办或已上报的同名或同编号项目",
    "APP_PROJECT_ENROLLMENT_LIMIT": "整个项目计划招生总人数不超过上限",
    "APP_PAPER_LATE": "单位盖章的纸质申报材料在截止时间前送达（网上与纸质缺一不可）",
    # 举办报备
    "FIL_LATE": "举办前至少提前 N 天报备",
    "FIL_NOTICE_FIELD_MISSING": "举办通知写明规定的各项内容",
    "FIL_NOTICE_MISMATCH": "通知的名称、编号、主办单位与批准的一致",
    "FIL_NAME_PREFIX": "项目名称前不得擅自冠以规定的字样",
    "FIL_SCENIC_VENUE": "不得在风景名胜区举办",
    "FIL_HOST_INELIGIBLE": "主办单位执业许可有效",
    "FIL_OUTSIDE_YEAR": "在项目批准年度内举办",
    "FIL_CHANGED_AFTER_APPROVAL": "批准后不得擅自变更名称、编号、内容、授课教师或学时",
    "FIL_HOURS_SHORTENED": "举办学时不得少于批准的学时",
    "FIL_THEORY_TEACHER_TITLE": "报备的授课（理论）教师职称不低于规定",
    "FIL_PRACTICAL_TEACHER_TITLE": "报备的实验或技术示范教师职称不低于规定",
    "FIL_TEACHER_DISCIPLINE": "报备的授课教师专业与项目的二级学科一致",
    # 执行情况
    "EXE_LATE": "举办结束后 N 天内上报执行情况",
    "EXE_MATERIAL_MISSING": "执行情况上报规定的材料（照片、视频、名单、总结等）",
    "EXE_EXTERNAL_TRAINEES": "医疗机构的项目外单位学员不低于规定比例",
    # 考勤
    "ATT_NO_SIGN_IN": "线下学员有签到",
    "ATT_NO_SIGN_OUT": "线下学员有晚于签到的签退",
    "ATT_ONLINE_DURATION": "线上学员观看时长不少于每天规定分钟数",
    "ATT_OVERLAP": "同一时段已在其他项目获得学分",
    "ATT_CAPACITY": "报名人数不超过计划招生人数",
    "ATT_DISCIPLINE_MISMATCH": "学员二级学科与项目一致",
    "ATT_NOT_HEALTH_PROFESSIONAL": "学员为卫生专业技术人员",
    "ATT_WINDOW_OUTSIDE_SESSION": "签到签退时段与举办时间重叠（否则其中的扫码不计入学时）",
    # 学分录入
    "CRD_LATE_ENTRY": "超过录入期限后录入，须有证明",
    "CRD_LATE_ENTRY_PLEDGE": "超过录入期限后录入，须有承诺书",
    "CRD_ENTRY_CLOSED": "超过最终期限，不再受理录入",
    "CRD_REVIEW_CLOSED": "超过规定日期，不再审核",
    "CRD_EVIDENCE_MISSING": "该类活动须有规定的证明材料",
    # 年度达标
    "ANN_TOTAL": "年度学分合计不低于下限",
    "ANN_CLASS1": "年度Ⅰ类学分不低于下限",
    "ANN_CLASS2": "年度Ⅱ类学分不低于下限",
    "ANN_PUBLIC_HOURS": "公需科目学时不低于下限",
    # 晋升审核
    "AUD_YEAR_NONCOMPLIANT": "审核窗口内每年均达标（或免于达标）",
    "AUD_REMOTE_SHARE": "远程Ⅰ类学分占Ⅰ类学分的比例不超过上限",
    "AUD_NATIONAL_CREDITS": "规定级别单位的人员国家级Ⅰ类学分不低于下限",
    "AUD_EVIDENCE_MISSING": "审核窗口内每条记录有规定的证明材料",
}


def rule_name(code: str) -> str:
    """The rule's Chinese name; a sanction rule (``SAN_*``, named by its pack) has none."""
    if code.startswith("SAN_"):
        return "处理规则：事件触发后对负责人或单位的处理"
    return RULE_NAMES.get(code, "")
