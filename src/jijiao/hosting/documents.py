"""The filing form of seed 003 附件1 (国家级、省级继续医学教育项目举办报备表) as PDF and Excel."""

from jijiao.common import clock
from jijiao.hosting.facts import session_dates
from jijiao.hosting.models import Session

HEADERS = (
    "举办单位",
    "项目编号",
    "项目名称",
    "举办时间",
    "举办地点",
    "培训人数",
    "拟授学分",
    "备注",
)
LEVEL_TITLE = {
    "national": "国家级继续医学教育项目举办报备表",
    "provincial": "省级继续医学教育项目举办报备表",
    "city": "市级继续医学教育项目举办报备表",
}


def filing_row(session: Session) -> list:
    project = session.project
    start, end = session_dates(session)
    when = start.isoformat() if start == end else f"{start.isoformat()} 至 {end.isoformat()}"
    credits = "" if project.credits is None else f"{project.credits.normalize():f}"
    note = f"第{session.sequence}期，{session.get_format_display()}"
    return [
        project.host_name,
        project.number,
        project.name,
        when,
        session.venue,
        session.capacity,
        credits,
        note,
    ]


def filing_form_context(session: Session) -> dict:
    filing = getattr(session, "filing", None)
    filed_on = filing.filed_on if filing is not None and filing.filed_on else clock.today()
    return {
        "title": LEVEL_TITLE.get(session.project.level, "继续医学教育项目举办报备表"),
        "unit": session.project.host_name,
        "headers": HEADERS,
        "rows": [filing_row(session)],
        "filed_on": filed_on.isoformat(),
    }
