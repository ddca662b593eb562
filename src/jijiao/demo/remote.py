"""Remote education: 温州医学远程教育网 applies for its account and the city office opens it
(the provider role), it files its registration and the office approves it; it files courses
(videos, an exam): one the office approved, one waiting for the office, one back with the
provider for changes; its completion list of learners of the demo's hospitals is approved into
the ledger with certificates."""

import io
from decimal import Decimal

from openpyxl import Workbook

from jijiao.common import clock
from jijiao.demo.clockwork import at, day
from jijiao.demo.world import DEMO_PASSWORD, account, hospital, office, sample
from jijiao.orgs.domain.units import (
    unit_account_application_approve,
    unit_account_application_submit,
)
from jijiao.orgs.models import Discipline, Division, Unit
from jijiao.orgs.synthetic import synthetic_id_number
from jijiao.remote.domain import courses, providers
from jijiao.remote.domain.completions import completion_list_approve, completion_list_upload

PROVIDER = "温州医学远程教育网"
QUESTIONS = [
    ("射血分数降低的心衰首选哪类药物？", ["血管紧张素转换酶抑制剂", "地高辛", "硝酸甘油"], 0),
    ("纽约心脏病协会心功能分级共几级？", ["三级", "四级", "五级"], 1),
    ("脑钠肽升高提示什么？", ["心室壁张力增加", "肝功能异常"], 0),
]


def _course(provider, by, title: str, code: str, seconds: int):
    course = courses.course_file(
        by=by,
        provider=provider,
        title=title,
        discipline=Discipline.objects.get(code=code),
        level="city",
        project_number="",
        hours=Decimal("1.0"),
        credits=Decimal("0.5"),
        presence_interval_seconds=300,
        presence_window_seconds=60,
        pass_mark=60,
        max_attempts=2,
        description=f"{title}：指南解读与病例分析",
    )
    courses.course_video_add(
        by=by,
        course=course,
        title="第一讲",
        duration_seconds=seconds,
        uploaded=sample("第一讲.webm"),
    )
    for text, choices, answer in QUESTIONS:
        courses.course_question_add(by=by, course=course, text=text, choices=choices, answer=answer)
    return courses.course_submit(by=by, course=course)


def load_remote() -> None:
    wz, city = account("wz_office"), office(0)
    with at(day(-90)):
        application = unit_account_application_submit(
            unit_name=PROVIDER,
            unit_kind=Unit.Kind.REMOTE_PROVIDER,
            division=Division.objects.get(code="330302"),
            licence_number="浙ICP备00000000号",
            licensed_by_district=False,
            legal_representative="林志强",
            agent_name="刘敏",
            agent_phone="0577-88886666",
            agent_id_number=synthetic_id_number(
                "330302", clock.today().replace(year=1985), 490, female=True
            ),
        )
    with at(day(-88)):
        unit, admin, _temporary = unit_account_application_approve(
            by=wz, application=application, supervisor=city, username="provider_wz"
        )
        # The demo login's password instead of the temporary one (bootstrap, as every demo login).
        admin.set_password(DEMO_PASSWORD)
        admin.must_change_password = False
        admin.save(update_fields=["password", "must_change_password"])
        provider = providers.provider_file(
            by=admin,
            unit=unit,
            recognised_by="national",
            platform_web="https://www.wzyxycjy.example.cn",
            platform_mobile="温州医学远程教育手机客户端",
            contact_name="刘敏",
            contact_phone="0577-88886666",
            description="国家级远程继续医学教育机构（演示）",
        )
        providers.provider_document_add(
            by=admin, provider=provider, kind="qualification", uploaded=sample("资质证明.pdf")
        )
        providers.provider_submit(by=admin, provider=provider)
    with at(day(-85)):
        provider = providers.provider_approve(by=wz, provider=provider, note="材料齐全，同意备案")
    with at(day(-80)):
        course = _course(provider, admin, "心力衰竭诊疗进展", "03-01", 600)
    with at(day(-78)):
        course = courses.course_approve(by=wz, course=course)
    with at(day(-6)):
        returned = _course(provider, admin, "糖尿病足的预防与护理", "03-06", 720)
    with at(day(-4)):
        courses.course_return(  # back with the provider (its 工作台)
            by=wz, course=returned, reason="请补充授课教师的职称与工作单位，并注明学分类别"
        )
    with at(day(-2)):
        _course(provider, admin, "基层高血压规范化管理", "03-01", 900)  # waits for the office
    learners = [*hospital(0).people.order_by("id")[:6], account("trainee_li").person]
    book = Workbook()
    book.active.append(["身份证号", "姓名", "课程编号", "学习时长（分钟）", "完成日期"])
    for n, person in enumerate(learners):
        finished = day(-30 + n).date()
        book.active.append([person.reveal_id_number(), person.name, course.pk, 12, finished])
    out = io.BytesIO()
    book.save(out)
    with at(day(-20)):
        outcome = completion_list_upload(
            by=admin, provider=provider, content=out.getvalue(), filename="完成名单.xlsx"
        )
        if not outcome.ok:
            from jijiao.common.errors import DomainError

            raise DomainError("；".join(str(p) for p in outcome.problems[:3]))
    with at(day(-15)):
        completion_list_approve(by=wz, completion_list=outcome.completion_list, note="同意")
