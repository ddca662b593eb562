"""The demo's sessions, from planning to granted credits, through the domain functions.

Two national projects of 温州市第一人民医院 (imported lists) were held, evaluated, reported and
accepted — the 附件4 automatic score with its per-item facts, a ranking of two, credits granted
with certificates. The first call's projects: ``pi_zhang``'s session held five days ago with
its report due, a second planned but not yet filed; another's session next week filed, with
``trainee_li`` registered. A provincial project of 鹿城区人民医院 was held online: its watch log
imported, its evaluation open for ``trainee_li``.
"""

import csv
import datetime as dt
import io
import itertools

from jijiao.attendance.domain.registrations import registration_create, window_add
from jijiao.attendance.domain.scans import OfflineScan, scans_upload
from jijiao.attendance.domain.watchlog import watchlog_import
from jijiao.attendance.tokens import person_code
from jijiao.common import clock
from jijiao.demo.clockwork import at, day
from jijiao.demo.world import EARLIER_PACK, MARK, account, hospital, sample
from jijiao.execution.domain.reports import (
    report_add_file,
    report_add_textbook,
    report_save,
    report_submit,
)
from jijiao.execution.domain.review import report_review
from jijiao.execution.domain.surveys import survey_answer, survey_open
from jijiao.execution.facts import report_of
from jijiao.hosting.domain.filing import (
    filing_attach_scan,
    filing_review,
    filing_save,
    filing_submit,
)
from jijiao.hosting.domain.sessions import session_create
from jijiao.hosting.models import Session
from jijiao.orgs.models import Account, Person, Role
from jijiao.projects.models import PublishedProject

OFFICES = ("wz_office", "lc_office", "ra_office")
_nonces = itertools.count(1)


def office_that_may(permission: str, obj) -> Account:
    """The demo office whose turn it is (filings and reports go to the office over the host)."""
    for username in OFFICES:
        found = account(username)
        if found.has_perm(permission, obj):
            return found
    raise LookupError(f"没有可以处理 {obj} 的演示继教办")


def plan(
    host: Account,
    project: PublishedProject,
    start: dt.datetime,
    end: dt.datetime,
    *,
    policy_id: str | None = None,
    fmt: str = "offline",
    teachers=(),
) -> Session:
    return session_create(
        by=host,
        project=project,
        policy_id=policy_id,
        fields={
            "starts_at": start,
            "ends_at": end,
            "venue": "线上直播" if fmt == "online" else "本院学术报告厅",
            "scenic_area": False,
            "format": fmt,
            "days": (end.date() - start.date()).days + 1,
            "capacity": 200,
            "teachers": "\n".join(teachers),
        },
    )


def file_and_accept(host: Account, session: Session) -> Session:
    """The notice as issued with its stamped scan, filed, and accepted by the office."""
    project = session.project
    start = clock.local(session.starts_at).date()
    filing_save(
        by=host,
        session=session,
        fields={
            "notice_name": project.name,
            "notice_number": project.number,
            "notice_host": project.host_name,
            "fee_statement": "不收费",
            "registration_date": start,
            "notice_start": start,
            "notice_end": clock.local(session.ends_at).date(),
            "notice_format": "线上" if session.format == "online" else "线下",
            "notice_venue": session.venue,
            "contact": "李超",
            "phone": "0577-88888888",
        },
    )
    filing_attach_scan(by=host, session=session, upload=sample("举办通知.pdf"))
    filing_submit(by=host, session=session)
    filing_review(
        by=office_that_may("hosting.review_filing", session), session=session, accept=True
    )
    session.refresh_from_db()
    return session


def register(host: Account, session: Session, people: list[Person]) -> None:
    """Sign-in on the first morning, sign-out on the last afternoon; everyone registered."""
    start, end = clock.local(session.starts_at), clock.local(session.ends_at)
    window_add(
        by=host,
        session=session,
        kind="in",
        opens_at=start - dt.timedelta(hours=1),
        closes_at=start + dt.timedelta(minutes=30),
    )
    window_add(
        by=host,
        session=session,
        kind="out",
        opens_at=end - dt.timedelta(minutes=30),
        closes_at=end + dt.timedelta(minutes=30),
    )
    for person in people:
        registration_create(by=host, session=session, person=person)


def scans(host: Account, session: Session, people: list[Person], moment: dt.datetime) -> None:
    """The offline device's upload of everyone's scans at ``moment``."""
    with at(moment + dt.timedelta(minutes=40)):
        scans_upload(
            by=host,
            session=session,
            scans=[OfflineScan(f"demo{next(_nonces)}", person_code(p.pk), moment) for p in people],
        )


def trainee_account(person: Person) -> Account:
    """The person's 学员 account (made on first use; no demo login of its own)."""
    from jijiao.demo.base import demo_account

    found = Account.objects.filter(person=person).first()
    return found or demo_account(f"t{person.pk}", person.name, Role.TRAINEE, person.unit, person)


def evaluate(session: Session, people: list[Person]) -> None:
    """The evaluation opened at the end of the session and answered by ``people``."""
    survey = survey_open(by=host_of(session), session=session)
    for n, person in enumerate(people):
        answers = {f"q{q}": (n + q) % 3 if q in (2, 3) else n % 2 for q in range(1, 7)}
        answers["q7"] = [n % 3, n % 3 + 1]
        survey_answer(by=trainee_account(person), survey=survey, answers=answers)


def host_of(session_or_project) -> Account:
    project = getattr(session_or_project, "project", session_or_project)
    index = [hospital(i).pk for i in range(5)].index(project.host_id)
    return account(f"h{index + 1}_admin")


def report(host: Account, session: Session) -> None:
    """The report as a host files it: topics, the summary, photos, exam questions, a textbook."""
    topics = [
        {"topic": f"专题{i}", "teacher_name": name, "hours": "3"}
        for i, name in enumerate(session.teacher_names, start=1)
    ]
    report_save(
        by=host,
        session=session,
        fields={"analysis": "学员反映内容实用，达到预期效果。", "problems": "建议增加病例讨论。"},
        topics=topics,
    )
    report_add_file(by=host, session=session, kind="banner_photo", upload=sample("条幅.jpg"))
    report_add_file(by=host, session=session, kind="full_view_photo", upload=sample("全景.png"))
    report_add_file(by=host, session=session, kind="exam_questions", upload=sample("试题.pdf"))
    report_add_textbook(
        by=host,
        session=session,
        fields={
            "name": f"{session.project.name}讲义",
            "written_on": clock.local(session.starts_at).date() - dt.timedelta(days=20),
            "authors": session.project.host_name,
            "form": "text",
            "word_count": 50000,
            "hours": "6",
            "contents": "一、概述；二、诊疗规范；三、病例讨论。",
        },
    )


def accept(session: Session) -> None:
    """Each office of the chain accepts the report; the last grants the credits."""
    for _stage in range(3):
        try:
            by = office_that_may("execution.review_report", report_of(session))
        except LookupError:
            return
        report_review(by=by, session=session, action="accept", note="材料齐全，同意")
        session.refresh_from_db()


def people_of(*indexes_counts: tuple[int, int]) -> list[Person]:
    """The first ``count`` health professionals of each hospital, by index."""
    found = []
    for index, count in indexes_counts:
        found += list(hospital(index).people.order_by("id")[:count])
    return found


def held(
    host: Account,
    project: PublishedProject,
    first: int,
    last: int,
    filed: int,
    people: list[Person],
    *,
    policy_id=None,
    teachers=(),
) -> Session:
    """A session held from day ``first`` 09:00 to day ``last`` 17:00, filed on day ``filed``,
    everyone signed in and out."""
    with at(day(filed)):
        session = plan(
            host, project, day(first, 9), day(last, 17), policy_id=policy_id, teachers=teachers
        )
        file_and_accept(host, session)
    with at(day(first - 2)):
        register(host, session, people)
    scans(host, session, people, day(first, 8, 40))
    scans(host, session, people, day(last, 16, 55))
    return session


def national(number_end: str) -> PublishedProject:
    return PublishedProject.objects.get(level="national", number__endswith=number_end)


def load_sessions() -> None:
    h1 = account("h1_admin")
    pi = account("pi_zhang").person
    li = account("trainee_li").person
    crowd = [li, *people_of((0, 12), (1, 8), (2, 6), (3, 3), (4, 3))]
    crowd = list(dict.fromkeys(crowd))
    teachers = (pi.name, hospital(0).people.exclude(pk=pi.pk).order_by("id")[3].name)
    # Two national sessions held, evaluated, reported and accepted: the 附件4 score, a ranking.
    # The second filed later before it and reported later after it scores lower (附件4 1.1).
    for project, (first, last, filed), attendees, answers, late in (
        (national("101（国）"), (-40, -39, -60), crowd, 20, 3),
        (national("102（国）"), (-26, -25, -33), crowd[:22], 12, 9),
    ):
        session = held(
            h1, project, first, last, filed, attendees, policy_id="national-2024", teachers=teachers
        )
        with at(day(last, 16, 30)):
            evaluate(session, attendees[1 : answers + 1])
        with at(day(last + late)):
            report(h1, session)
            report_submit(by=h1, session=session)
        with at(day(last + late + 3)):
            accept(session)
    # The first call's projects: pi_zhang's held five days ago (report due) and planned again
    # (to file); another's next week, filed, trainee_li registered.
    year_projects = PublishedProject.objects.filter(application__call__policy_id=EARLIER_PACK)
    mine = year_projects.get(application__pi=pi)
    theirs = year_projects.exclude(pk=mine.pk).order_by("pk").first()
    held(h1, mine, -5, -5, -25, crowd[:15], teachers=teachers)
    with at(day(-1)):
        plan(h1, mine, day(21, 9), day(21, 17), teachers=teachers)
        upcoming = plan(h1, theirs, day(7, 9), day(8, 17), teachers=teachers)
        file_and_accept(h1, upcoming)
        register(h1, upcoming, [li, *crowd[1:6]])
    # A provincial project of 鹿城区人民医院, held online: the watch log, an open evaluation.
    provincial = PublishedProject.objects.filter(level="provincial", host=hospital(1)).first()
    h2 = account("h2_admin")
    viewers = [li, *people_of((1, 10))]
    viewers = list(dict.fromkeys(viewers))
    with at(day(-20)):
        online = plan(
            h2,
            provincial,
            day(-12, 14),
            day(-12, 17),
            policy_id="zhejiang-2023",
            fmt="online",
            teachers=[p.name for p in people_of((1, 2))],
        )
        file_and_accept(h2, online)
    with at(day(-13)):
        register(h2, online, viewers)
    with at(day(-11)):
        rows = [["账号", "进入时间", "离开时间"]]
        for n, person in enumerate(viewers):
            username = trainee_account(person).username
            rows.append(
                [
                    username,
                    f"{day(-12, 13, 55 + n % 4):%Y-%m-%d %H:%M}",
                    f"{day(-12, 17, n % 3):%Y-%m-%d %H:%M}",
                ]
            )
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        watchlog_import(
            by=h2, session=online, name=f"观看记录{MARK}.csv", content=out.getvalue().encode()
        )
        survey_open(by=h2, session=online)
