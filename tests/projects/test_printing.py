"""The paper application form: a PDF printed from the record, its text extracted by pdftotext."""

import re
import subprocess

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.projects.domain.applications import CourseInput, application_save, application_submit
from jijiao.projects.domain.intake import review_assign
from jijiao.projects.domain.printing import PLEDGE, application_print
from tests.projects.conftest import PROJECT

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "application.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def flat(text: str) -> str:
    """pdftotext breaks lines where the page wraps them: compare without white space."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def with_external_teacher(draft, pi_zhang, pi_zhang_person, colleague):
    application_save(
        by=pi_zhang,
        application=draft,
        fields={},
        courses=[
            CourseInput(topic="开班仪式", kind="non_teaching", minutes=30),
            CourseInput(
                topic="高血压规范化管理", kind="theory", minutes=150, teacher_person=pi_zhang_person
            ),
            CourseInput(
                topic="冠心病二级预防", kind="theory", minutes=300, teacher_person=colleague
            ),
            CourseInput(
                topic="心衰的器械治疗",
                kind="practical",
                minutes=150,
                teacher_name="周晓敏",
                teacher_title="正高",
                teacher_unit="温州医科大学附属第二医院",
                teacher_specialty="03-01",
            ),
        ],
    )
    return draft


def test_pdf_text_has_the_project_every_teacher_and_the_pledge_in_chinese(
    client, hospital_admin, pi_zhang, with_external_teacher, tmp_path
):
    application = with_external_teacher
    application_submit(by=pi_zhang, application=application)
    client.force_login(hospital_admin)
    response = client.get(f"/projects/applications/{application.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = flat(pdf_text(response.content, tmp_path))
    assert PROJECT["name"] in text
    for teacher in ("张建华", "陈志强", "周晓敏"):
        assert teacher in text
    assert "继续医学教育项目廉洁承诺书" in text
    for paragraph in PLEDGE:
        assert flat(paragraph) in text
    assert "不收受来自利益相关单位和个人的赞助和服务" in text
    assert "项目负责人张建华签名：日期：" in text
    assert "授课教师陈志强签名：日期：" in text
    assert "授课教师周晓敏签名：日期：" in text
    assert "申办单位（盖章）" in text
    assert "单位盖章" in text
    assert "未提交的申报" not in text


def test_printing_is_logged_on_the_trail_and_in_the_audit_log(pi_zhang, draft, tmp_path):
    pdf = application_print(by=pi_zhang, application=draft)
    text = flat(pdf_text(pdf, tmp_path))
    assert "未提交的申报（草稿），仅供核对，不作为纸质申报材料" in text
    event = draft.events.order_by("-id").first()
    assert (event.action, event.from_state, event.to_state) == ("printed", "draft", "draft")
    assert AuditEntry.objects.filter(action="application.printed").count() == 1


def test_a_reviewer_cannot_print(client, under_review, wenzhou_office, expert_a):
    review_assign(by=wenzhou_office, application=under_review, reviewer=expert_a)
    client.force_login(expert_a)
    assert client.get(f"/projects/applications/{under_review.pk}/").status_code == 200
    assert client.get(f"/projects/applications/{under_review.pk}/pdf/").status_code == 403
