"""Registration of providers and filing of courses: both platforms, content-typed documents,
the city office's decisions, and which courses earn credit."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.orgs.models import Role
from jijiao.remote.domain import courses as course_domain
from jijiao.remote.domain import providers as provider_domain
from jijiao.remote.models import Provider
from tests.factories import AccountFactory, OfficeFactory, grant
from tests.remote.conftest import REGISTRATION, course_fields, pdf, webm

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(provider_unit, provider_admin):
    return provider_domain.provider_file(by=provider_admin, unit=provider_unit, **REGISTRATION)


def test_a_registration_is_filed_with_the_city_office_above_the_provider(
    draft, wenzhou_office_unit
):
    assert (draft.state, draft.office) == ("draft", wenzhou_office_unit)
    assert AuditEntry.objects.filter(action="remote.provider_filed").count() == 1


@pytest.fixture
def changsha_provider(db):
    """A provider under 长沙市卫生健康委 (division 430100): its pack asks for both platforms."""
    from jijiao.orgs.models import Division, Role, Unit
    from tests.factories import AccountFactory, OfficeFactory, UnitFactory, grant

    office = OfficeFactory(
        name="长沙市卫生健康委员会",
        division=Division.objects.get(code="430100"),
        office_level=Unit.OfficeLevel.CITY,
    )
    unit = UnitFactory(
        name="湘雅远程教育中心", kind=Unit.Kind.REMOTE_PROVIDER, supervisor=office, grade=""
    )
    return unit, grant(AccountFactory(username="cs_provider"), Role.PROVIDER, unit)


def test_changsha_asks_for_both_platforms_citing_its_own_clause(changsha_provider):
    unit, admin = changsha_provider
    with pytest.raises(DomainError) as error:
        provider_domain.provider_file(
            by=admin, unit=unit, **{**REGISTRATION, "platform_mobile": " "}
        )
    assert (error.value.message, error.value.field) == (
        "请填写手机端学习平台（App、小程序或手机网页）（长沙市继续医学教育管理办法（试行）第十二条）",
        "platform_mobile",
    )


def test_a_wenzhou_provider_is_not_held_to_changshas_rule(client, provider_unit, provider_admin):
    draft = provider_domain.provider_file(
        by=provider_admin, unit=provider_unit, **{**REGISTRATION, "platform_mobile": " "}
    )
    assert draft.platform_mobile == ""
    client.force_login(provider_admin)
    page = client.get(f"/remote/providers/{draft.pk}/edit/").content.decode()
    assert "长沙" not in page


def test_the_changsha_registration_page_cites_its_clause(client, changsha_provider):
    _unit, admin = changsha_provider
    client.force_login(admin)
    page = client.get("/remote/providers/new/").content.decode()
    assert "须提供电脑端和手机端学习平台（长沙市继续医学教育管理办法（试行）第十二条）" in page


def test_submitting_needs_a_qualification_document(draft, provider_admin):
    with pytest.raises(DomainError, match="请先上传资质证明材料"):
        provider_domain.provider_submit(by=provider_admin, provider=draft)


def test_documents_are_typed_by_their_content_not_their_name(draft, provider_admin):
    png = SimpleUploadedFile("资质.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    document = provider_domain.provider_document_add(
        by=provider_admin, provider=draft, kind="qualification", uploaded=png
    )
    assert (document.content_type, document.file.name.endswith(".png")) == ("image/png", True)
    text = SimpleUploadedFile("资质.pdf", b"hello")
    with pytest.raises(DomainError) as error:
        provider_domain.provider_document_add(
            by=provider_admin, provider=draft, kind="qualification", uploaded=text
        )
    assert error.value.message == (
        "文件“资质.pdf”：只能上传 PDF、JPG、PNG 文件，且不超过 15 MB；收到的是文本文件"
    )


def test_documents_over_15_megabytes_are_refused(draft, provider_admin):
    big = SimpleUploadedFile("扫描件.pdf", b"%PDF-" + b"0" * (15 * 1024 * 1024))
    with pytest.raises(DomainError) as error:
        provider_domain.provider_document_add(
            by=provider_admin, provider=draft, kind="qualification", uploaded=big
        )
    assert error.value.message == (
        "文件“扫描件.pdf”：只能上传 PDF、JPG、PNG 文件，且不超过 15 MB；"
        "收到的文件有 15.0 MB（15,728,645 字节）"
    )


def test_the_city_rejects_then_approves_a_corrected_registration(
    draft, provider_admin, wenzhou_office
):
    provider_domain.provider_document_add(
        by=provider_admin, provider=draft, kind="qualification", uploaded=pdf()
    )
    provider_domain.provider_submit(by=provider_admin, provider=draft)
    provider_domain.provider_reject(by=wenzhou_office, provider=draft, reason="缺少省级认可文件")
    assert (draft.state, draft.decision_note) == ("rejected", "缺少省级认可文件")
    provider_domain.provider_document_add(
        by=provider_admin, provider=draft, kind="recognition", uploaded=pdf("认可文件.pdf")
    )
    provider_domain.provider_submit(by=provider_admin, provider=draft)
    provider_domain.provider_approve(by=wenzhou_office, provider=draft)
    assert Provider.objects.get().state == "registered"


def test_another_city_cannot_decide(draft, provider_admin):
    other_city = OfficeFactory(name="台州市继教办", office_level="city")
    stranger = grant(AccountFactory(username="taizhou"), Role.CITY_OFFICE, other_city)
    provider_domain.provider_document_add(
        by=provider_admin, provider=draft, kind="qualification", uploaded=pdf()
    )
    provider_domain.provider_submit(by=provider_admin, provider=draft)
    with pytest.raises(PermissionDenied):
        provider_domain.provider_approve(by=stranger, provider=draft)


def test_a_suspended_provider_is_reinstated_with_a_reason(provider, wenzhou_office):
    provider_domain.provider_suspend(by=wenzhou_office, provider=provider, reason="数据未按期报送")
    assert (provider.state, provider.status_reason) == ("suspended", "数据未按期报送")
    with pytest.raises(DomainError, match="请写明恢复原因"):
        provider_domain.provider_reinstate(by=wenzhou_office, provider=provider, reason="")
    provider_domain.provider_reinstate(by=wenzhou_office, provider=provider, reason="已补报")
    assert provider.state == "registered"


def test_an_unregistered_provider_cannot_file_courses(draft, provider_admin):
    with pytest.raises(PermissionDenied):
        course_domain.course_file(by=provider_admin, provider=draft, **course_fields())


def test_a_course_needs_videos_and_exam_questions_before_submission(provider, provider_admin):
    course = course_domain.course_file(by=provider_admin, provider=provider, **course_fields())
    with pytest.raises(DomainError, match="请先添加课程视频及其时长"):
        course_domain.course_submit(by=provider_admin, course=course)
    course_domain.course_video_add(
        by=provider_admin, course=course, title="第一讲", duration_seconds=600, uploaded=webm()
    )
    with pytest.raises(DomainError, match="课程设置了考核，请先添加考核题目"):
        course_domain.course_submit(by=provider_admin, course=course)


def test_videos_are_webm_or_mp4_by_content(provider, provider_admin):
    course = course_domain.course_file(by=provider_admin, provider=provider, **course_fields())
    mp4 = SimpleUploadedFile("第一讲.mov", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 16)
    video = course_domain.course_video_add(
        by=provider_admin, course=course, title="第一讲", duration_seconds=600, uploaded=mp4
    )
    assert video.content_type == "video/mp4"
    with pytest.raises(
        DomainError, match="只能上传 WebM、MP4 文件，且不超过 2048 MB；收到的是文本"
    ):
        course_domain.course_video_add(
            by=provider_admin,
            course=course,
            title="第二讲",
            duration_seconds=60,
            uploaded=SimpleUploadedFile("第二讲.webm", b"RIFF....AVI "),
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hours": "0"}, "学时应为大于 0 的数，最多一位小数"),
        ({"credits": "0.25"}, "学分应为大于 0 的数，最多一位小数"),
        ({"presence_interval_seconds": 4}, "在线确认间隔应为 不小于 5 的整数"),
        ({"pass_mark": 101}, "考核合格分应为 1–100 的整数"),
        ({"level": "county"}, "请选择项目级别"),
    ],
)
def test_course_values_are_checked(provider, provider_admin, changes, message):
    with pytest.raises(DomainError) as error:
        course_domain.course_file(by=provider_admin, provider=provider, **course_fields(**changes))
    assert error.value.message == message


def test_only_approved_courses_of_registered_providers_earn_credit(
    course, provider, wenzhou_office
):
    assert course.earns_credit
    provider_domain.provider_suspend(by=wenzhou_office, provider=provider, reason="核查")
    course.refresh_from_db()
    assert not course.earns_credit
    provider_domain.provider_reinstate(by=wenzhou_office, provider=provider, reason="核查完毕")
    course_domain.course_withdraw(by=wenzhou_office, course=course, reason="内容过时")
    course.refresh_from_db()
    assert not course.earns_credit


def test_a_course_of_a_suspended_provider_cannot_be_approved(
    provider, provider_admin, wenzhou_office
):
    course = course_domain.course_file(
        by=provider_admin, provider=provider, **course_fields(pass_mark=None)
    )
    course_domain.course_video_add(
        by=provider_admin, course=course, title="第一讲", duration_seconds=60
    )
    course_domain.course_submit(by=provider_admin, course=course)
    provider_domain.provider_suspend(by=wenzhou_office, provider=provider, reason="核查")
    with pytest.raises(DomainError, match="医学远程教育网的备案已暂停，不能审核通过课程"):
        course_domain.course_approve(by=wenzhou_office, course=course)
