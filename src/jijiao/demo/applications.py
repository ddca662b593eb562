"""The demo's calls and applications, every step through the domain functions.

An earlier call of the year (opened about five months before the load day) went all the way:
submitted, recommended, paper received, taken in, reviewed by two experts, decided and
published — its projects are the ones the sessions step holds. The open call (``base``) holds
an application at every step before publication: a draft and a returned one of ``pi_zhang``,
one submitted for ``h1_admin`` to recommend, one approved (not yet published), and from the
other hospitals one recommended, one scored, one under review waiting for ``expert_lc`` and
``expert_ra``, and one rejected.
"""

import datetime as dt
from decimal import Decimal

from jijiao.common import clock
from jijiao.demo.clockwork import at, day, load_day
from jijiao.demo.history import HISTORY
from jijiao.demo.world import DEMO_PACK, EARLIER_PACK, MARK, account, hospital, office
from jijiao.orgs.models import Account, Person, Role, RoleAssignment
from jijiao.policy.domain.packs import pack_create
from jijiao.projects.domain.applications import (
    CourseInput,
    application_create,
    application_return,
    application_save,
    application_submit,
)
from jijiao.projects.domain.calls import call_close, call_open
from jijiao.projects.domain.intake import (
    application_accept,
    application_decide,
    criteria_set,
    paper_receipt_record,
    review_assign,
    review_submit,
)
from jijiao.projects.domain.publication import publication_publish
from jijiao.projects.domain.unit_review import applications_recommend
from jijiao.projects.models import Application, Call

WEEK = dt.timedelta(days=7)
RETURNED = "心房颤动抗凝管理培训班"  # pi_zhang's, returned by h1_admin
CRITERIA = [("科学性与先进性", 40, True), ("实用性", 40, True), ("师资", 20, False)]
TOPICS = {
    "03": ("心血管病", "高血压规范化管理", "冠心病二级预防", "动态血压监测"),
    "06": ("儿童常见病", "儿童哮喘规范化诊治", "小儿腹泻与补液", "儿童生长发育评估"),
    "04": ("创伤骨科", "骨折的规范化处理", "关节置换围手术期管理", "骨科康复技术"),
}


def seniors(unit) -> list[Person]:
    """Physicians at 副高 or above young enough to lead (APP_PI_AGE), oldest rows first."""
    from jijiao.demo.base import pi_age_ok

    people = unit.people.filter(title_series="医师", title_level__in=["正高", "副高"])
    # Not a leader of the earlier years' projects (one of them was not held: APP_PI_UNEXECUTED).
    people = people.exclude(applications__call__title__endswith=HISTORY)
    return [p for p in people.order_by("id") if pi_age_ok(p)]


def partner(pi: Person) -> Person:
    """A colleague of the PI's unit in the same discipline to teach beside them."""
    same = pi.unit.people.filter(specialty__startswith=pi.specialty[:2]).exclude(pk=pi.pk)
    for level in ("正高", "副高", "中级"):
        found = same.filter(title_level=level).order_by("id").first()
        if found is not None:
            return found
    return same.order_by("id").first() or pi


def leaders(unit, count: int, *, but: Person | None = None) -> list[tuple[Person, Person]]:
    """``count`` PIs of the unit who have a colleague of their discipline, with that colleague."""
    found = []
    for pi in seniors(unit):
        colleague = partner(pi)
        if colleague != pi and pi != but:
            found.append((pi, colleague))
    return found[:count]


def applicant(person: Person) -> Account:
    """The person's 申报人 account (made on first use; no demo login of its own)."""
    from jijiao.demo.base import demo_account

    found = Account.objects.filter(person=person).first()
    if found is None:
        return demo_account(f"pi{person.pk}", person.name, Role.APPLICANT, person.unit, person)
    RoleAssignment.objects.get_or_create(
        account=found, role=Role.APPLICANT, unit=person.unit, defaults={"granted_at": day(0)}
    )
    return found


def schedule(pi: Person, colleague: Person) -> list[CourseInput]:
    """600 teaching minutes, the PI teaching a quarter (APP_PI_TEACHING_SHARE)."""
    _field, *topics = TOPICS.get(pi.specialty[:2], TOPICS["03"])
    return [
        CourseInput(topic="开班仪式", kind="non_teaching", minutes=30),
        CourseInput(topic=topics[0], kind="theory", minutes=150, teacher_person=pi),
        CourseInput(topic=topics[1], kind="theory", minutes=300, teacher_person=colleague),
        CourseInput(topic=topics[2], kind="practical", minutes=150, teacher_person=colleague),
    ]


def draft(call: Call, pi: Person, colleague: Person, name: str) -> Application:
    by = applicant(pi)
    fields = {
        "name": name,
        "summary": f"{name}：基层规范化诊疗与适宜技术推广",
        "discipline": pi.specialty,
        "format": "offline",
        "sessions": 2,
        "enrollment_per_session": 120,
        "venue": "本院学术报告厅",
        "venue_is_own_unit": True,
        "target_trainees": "基层医务人员",
    }
    application = application_create(by=by, call=call, fields=fields)
    application_save(by=by, application=application, fields={}, courses=schedule(pi, colleague))
    return application


def submitted(call: Call, pi: Person, colleague: Person, name: str) -> Application:
    return application_submit(by=applicant(pi), application=draft(call, pi, colleague, name))


def experts_of_other_units(unit) -> list[Account]:
    """expert_lc and expert_ra, and a third of 温州市第一人民医院 for their own hospitals'
    applications (no reviewer of the applying unit)."""
    from jijiao.demo.base import demo_account

    third = Account.objects.filter(username="expert_h1").first()
    if third is None:
        person = hospital(0).people.filter(title_level="正高", account__isnull=True)
        person = person.order_by("-id").first()
        third = demo_account("expert_h1", f"评审专家{person.name}", Role.EXPERT, None, person)
    found = [account("expert_lc"), account("expert_ra"), third]
    return [e for e in found if e.person.unit_id != unit.pk]


def review(call: Call, application: Application, scores: list[list[int]]) -> None:
    """Two experts of other hospitals score it (``scores`` per expert, per criterion)."""
    wz = account("wz_office")
    ids = list(call.criteria.order_by("position").values_list("pk", flat=True))
    experts = [e for e in experts_of_other_units(application.unit)]
    for expert, marks in zip(experts, scores, strict=False):
        assignment = review_assign(
            by=wz, application=application, reviewer=expert, due=(clock.now() + WEEK).date()
        )
        review_submit(
            by=expert,
            assignment=assignment,
            scores={i: Decimal(m) for i, m in zip(ids, marks, strict=True)},
            opinion="内容实用，师资较强" if sum(marks) >= 75 else "同意，建议充实实践内容",
        )


def load_earlier_call() -> None:
    """The year's first call, from draft to publication (its projects are held later)."""
    wz, city = account("wz_office"), office(0)
    year = load_day().year  # the projects of the load year (a call may open the year before)
    with at(day(-160)):
        pack_create(
            by=wz,
            office=city,
            pack_id=EARLIER_PACK,
            title=f"温州市{year}年市级继续医学教育项目申报（演示·第一批）",
            extends=DEMO_PACK,
            notice="演示：第一批申报，已评审并公布",
            values=[
                ("application.city.APP_WINDOW.start", day(-160, 8)),
                ("application.city.APP_WINDOW.end", day(-130, 17)),
            ],
        )
        call = call_open(
            by=wz,
            office=city,
            title=f"关于开展{year}年度温州市市级继续医学教育项目申报工作的通知（第一批）{MARK}",
            level="city",
            year=year,
            policy_id=EARLIER_PACK,
            paper_deadline=day(-125, 17),
        )
    pi, first = account("pi_zhang").person, hospital(0)
    # Only 温州市第一人民医院 applied: a hospital with a project not yet completed has no
    # places in the open call (APP_UNIT_QUOTA), the others apply there for the first time.
    (other, others_colleague), *_ = leaders(first, 1, but=pi)
    entries = [
        (pi, partner(pi), "基层心血管病规范化诊疗培训班"),
        (other, others_colleague, "内分泌代谢病规范化诊疗培训班"),
    ]
    with at(day(-150)):
        made = [submitted(call, p, c, name) for p, c, name in entries]
    with at(day(-140)):
        applications_recommend(by=account("h1_admin"), call=call, unit=first, applications=made)
    with at(day(-128)):
        paper_receipt_record(by=wz, call=call, unit=first, received_at=day(-129, 10))
        criteria_set(by=wz, call=call, criteria=CRITERIA)
        for application in made:
            application_accept(by=wz, application=application)
    with at(day(-120)):
        for n, application in enumerate(made):
            review(call, application, [[36, 34, 17], [33, 35, 16 - n]])
    with at(day(-112)):
        for n, application in enumerate(made, start=101):
            application.refresh_from_db()
            application_decide(
                by=wz,
                application=application,
                approve=True,
                reason="同意立项",
                number=f"{year}-{application.discipline}-{n:03d}",
            )
        call_close(by=wz, call=call, reason="第一批评审结束")
    with at(day(-110)):
        publication_publish(by=wz, call=call)


def load_open_call() -> None:
    """The open call with an application at every step before publication. A hospital
    applying for the first time has one place (APP_UNIT_QUOTA), so each step is another's."""
    wz = account("wz_office")
    call = Call.objects.get(policy_id=DEMO_PACK)
    pi = account("pi_zhang").person
    units = [hospital(i) for i in range(5)]
    (drafter, d_colleague), (other, o_colleague), (chosen, c_colleague) = leaders(
        units[0], 3, but=pi
    )
    names = [
        "儿童哮喘规范化管理培训班",  # 鹿城区人民医院: recommended, its paper not yet in
        "创伤骨科规范化诊疗培训班",  # 瑞安市人民医院: scored, waiting for the decision
        "社区慢性病全科管理培训班",  # 南郊: under review, waiting for expert_lc and expert_ra
        "乡镇卫生院康复适宜技术培训班",  # 塘下: rejected
    ]
    with at(day(-6)):
        # One application per PI and call (APP_PI_APPLICATION_LIMIT).
        returned = submitted(call, pi, partner(pi), RETURNED)
        draft(call, drafter, d_colleague, "糖尿病足基层筛查与护理培训班")
        submitted(call, other, o_colleague, "急性胸痛规范化诊治培训班")  # for h1_admin
        approved = submitted(call, chosen, c_colleague, "甲状腺疾病规范化诊疗培训班")
        theirs = [
            submitted(call, *leaders(unit, 1)[0], name)
            for unit, name in zip(units[1:], names, strict=True)
        ]
    with at(day(-4)):
        application_return(
            by=account("h1_admin"),
            application=returned,
            reason="请补充实践教学安排和带教老师名单",
        )
        for index, application in [(0, approved), *enumerate(theirs, start=1)]:
            applications_recommend(
                by=account(f"h{index + 1}_admin"),
                call=call,
                unit=units[index],
                applications=[application],
            )
    _, scored, under_review, rejected = theirs
    with at(day(-3)):
        for unit in (units[0], *units[2:]):
            paper_receipt_record(by=wz, call=call, unit=unit, received_at=day(-3, 10))
        criteria_set(by=wz, call=call, criteria=CRITERIA)
        for application in (approved, under_review, scored, rejected):
            application_accept(by=wz, application=application)
    with at(day(-2)):
        for username in ("expert_lc", "expert_ra"):  # waits for them (评审任务)
            review_assign(
                by=wz, application=under_review, reviewer=account(username), due=day(5).date()
            )
        review(call, scored, [[35, 33, 18], [34, 36, 17]])
        review(call, rejected, [[30, 31, 15], [28, 30, 14]])
        review(call, approved, [[37, 36, 18], [36, 35, 18]])
    with at(day(-1)):
        rejected.refresh_from_db()
        application_decide(
            by=wz,
            application=rejected,
            approve=False,
            reason="与已立项项目内容重复，建议明年调整后再申报",
        )
        approved.refresh_from_db()
        application_decide(
            by=wz,
            application=approved,
            approve=True,
            reason="同意立项",
            number=f"{call.year}-{approved.discipline}-201",
        )
