"""Remote education's world: 医学远程教育网, a provider under the Wenzhou city office with an API
token, registered; its course 心力衰竭诊疗进展 (one 10-minute video, presence checks every 5
minutes with a 60-second window, an exam of three questions, pass mark 60, two attempts),
approved; a second provider 杏林在线 with its own course; learners 张建华 and 王丽华."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.common import clock
from jijiao.orgs.domain.accounts import api_token_create
from jijiao.orgs.models import Discipline, Role, Unit
from jijiao.remote.domain import courses as course_domain
from jijiao.remote.domain import providers as provider_domain
from tests.factories import AccountFactory, UnitFactory, grant

SH = clock.SHANGHAI
START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=SH)


def pdf(name: str = "资质证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 qualification " + name.encode())


def webm(name: str = "第一讲.webm") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x1a\x45\xdf\xa3" + b"\x00" * 64)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def clock_at(db):
    """Travel to ``START`` and move on with ``traveller.shift(seconds)``."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def provider_unit_named(name: str, office: Unit) -> Unit:
    return UnitFactory(name=name, kind=Unit.Kind.REMOTE_PROVIDER, supervisor=office, grade="")


@pytest.fixture
def provider_unit(wenzhou_office_unit):
    return provider_unit_named("医学远程教育网", wenzhou_office_unit)


@pytest.fixture
def other_provider_unit(wenzhou_office_unit):
    return provider_unit_named("杏林在线", wenzhou_office_unit)


@pytest.fixture
def provider_admin(provider_unit):
    return grant(AccountFactory(username="provider_admin"), Role.PROVIDER, provider_unit)


@pytest.fixture
def other_provider_admin(other_provider_unit):
    return grant(AccountFactory(username="xinglin_admin"), Role.PROVIDER, other_provider_unit)


@pytest.fixture
def provider_token(provider_admin):
    return api_token_create(by=provider_admin, account=provider_admin, label="学习平台")


@pytest.fixture
def other_provider_token(other_provider_admin):
    return api_token_create(by=other_provider_admin, account=other_provider_admin, label="平台")


REGISTRATION = {
    "recognised_by": "national",
    "platform_web": "https://www.yxycjy.example.cn",
    "platform_mobile": "医学远程教育网 App",
    "contact_name": "刘敏",
    "contact_phone": "0577-88886666",
    "description": "国家级远程继续医学教育机构",
}


def register(unit: Unit, admin, office) -> "provider_domain.Provider":
    provider = provider_domain.provider_file(by=admin, unit=unit, **REGISTRATION)
    provider_domain.provider_document_add(
        by=admin, provider=provider, kind="qualification", uploaded=pdf()
    )
    provider_domain.provider_submit(by=admin, provider=provider)
    return provider_domain.provider_approve(by=office, provider=provider, note="材料齐全")


@pytest.fixture
def provider(clock_at, provider_unit, provider_admin, wenzhou_office):
    """Registered at ``START``: every test using it runs in frozen time from there."""
    return register(provider_unit, provider_admin, wenzhou_office)


@pytest.fixture
def other_provider(clock_at, other_provider_unit, other_provider_admin, wenzhou_office):
    return register(other_provider_unit, other_provider_admin, wenzhou_office)


def course_fields(**changes) -> dict:
    fields = {
        "title": "心力衰竭诊疗进展",
        "discipline": Discipline.objects.get(code="03-01"),
        "level": "city",
        "project_number": "",
        "hours": Decimal("1.0"),
        "credits": Decimal("0.5"),
        "presence_interval_seconds": 300,
        "presence_window_seconds": 60,
        "pass_mark": 60,
        "max_attempts": 2,
        "description": "",
    }
    fields.update(changes)
    return fields


QUESTIONS = [
    ("射血分数降低的心衰首选哪类药物？", ["ARNI/ACEI", "地高辛", "硝酸甘油"], 0),
    ("NYHA 心功能分级共几级？", ["三级", "四级", "五级"], 1),
    ("BNP 升高提示什么？", ["心室壁张力增加", "肝功能异常"], 0),
]


def approved_course(provider, admin, office, *, videos=(("第一讲", 600),), **changes):
    course = course_domain.course_file(by=admin, provider=provider, **course_fields(**changes))
    for title, seconds in videos:
        course_domain.course_video_add(
            by=admin, course=course, title=title, duration_seconds=seconds, uploaded=webm()
        )
    if course.has_exam:
        for text, choices, answer in QUESTIONS:
            course_domain.course_question_add(
                by=admin, course=course, text=text, choices=choices, answer=answer
            )
    course_domain.course_submit(by=admin, course=course)
    return course_domain.course_approve(by=office, course=course)


@pytest.fixture
def course(provider, provider_admin, wenzhou_office):
    return approved_course(provider, provider_admin, wenzhou_office)


@pytest.fixture
def second_course(provider, provider_admin, wenzhou_office):
    return approved_course(
        provider, provider_admin, wenzhou_office, title="高血压基层管理", pass_mark=None
    )


@pytest.fixture
def other_course(other_provider, other_provider_admin, wenzhou_office):
    return approved_course(
        other_provider, other_provider_admin, wenzhou_office, title="糖尿病足护理"
    )


@pytest.fixture
def video(course):
    return course.videos.get()


@pytest.fixture
def learner(pi_zhang):
    """张建华 of 温州市第一人民医院, studying for himself."""
    return pi_zhang


@pytest.fixture
def wang_account(nurse_wang, lucheng_hospital):
    return grant(
        AccountFactory(username="nurse_wang", person=nurse_wang), Role.TRAINEE, lucheng_hospital
    )


def xlsx(rows, headers=("身份证号", "姓名", "课程编号", "学习时长（分钟）", "完成日期")) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
