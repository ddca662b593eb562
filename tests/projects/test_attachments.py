"""Attachments: PDF, JPG or PNG of at most 15 MB, their type read from the content."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.projects.domain.attachments import attachment_add
from jijiao.projects.models import Attachment

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_20_mb_file_is_refused_with_a_chinese_message_and_nothing_written(
    client, pi_zhang, draft, media
):
    big = upload("讲义.pdf", b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024))
    client.force_login(pi_zhang)
    response = client.post(
        f"/projects/applications/{draft.pk}/attachments/", {"file": big}, follow=True
    )
    page = response.content.decode()
    assert (
        "文件“讲义.pdf”：只能上传 PDF、JPG、PNG 文件，且不超过 15 MB；收到的文件有 20.0 MB" in page
    )
    assert Attachment.objects.count() == 0
    assert not AuditEntry.objects.filter(action="attachment.added").exists()
    assert not any(media.rglob("*.*"))


def test_a_png_named_pdf_is_accepted_as_png(client, pi_zhang, draft, media):
    client.force_login(pi_zhang)
    response = client.post(
        f"/projects/applications/{draft.pk}/attachments/",
        {"file": upload("盖章页.pdf", PNG)},
        follow=True,
    )
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "盖章页.pdf",
        "image/png",
        len(PNG),
    )
    assert attachment.file.name.endswith(".png")
    assert "已上传附件“盖章页.pdf”（识别为 PNG）" in response.content.decode()
    download = client.get(f"/projects/applications/{draft.pk}/attachments/{attachment.pk}/")
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG


def test_a_text_file_renamed_pdf_is_refused(client, pi_zhang, draft):
    client.force_login(pi_zhang)
    response = client.post(
        f"/projects/applications/{draft.pk}/attachments/",
        {"file": upload("申报书.pdf", "这是一个文本文件".encode())},
        follow=True,
    )
    assert (
        "文件“申报书.pdf”：只能上传 PDF、JPG、PNG 文件，且不超过 15 MB；收到的是文本文件"
    ) in response.content.decode()
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [("a.pdf", PDF, "application/pdf"), ("b.jpeg", JPG, "image/jpeg"), ("c.png", PNG, "image/png")],
)
def test_each_accepted_type_is_recognised_by_its_bytes(pi_zhang, draft, name, content, expected):
    attachment = attachment_add(by=pi_zhang, application=draft, uploaded=upload(name, content))
    assert attachment.content_type == expected
    entry = AuditEntry.objects.get(action="attachment.added")
    assert entry.data == {"name": name, "type": expected, "size": len(content)}


def test_an_empty_file_is_refused(pi_zhang, draft):
    with pytest.raises(DomainError) as caught:
        attachment_add(by=pi_zhang, application=draft, uploaded=upload("空.pdf", b""))
    assert caught.value.message == (
        "文件“空.pdf”：只能上传 PDF、JPG、PNG 文件，且不超过 15 MB；收到的是空文件"
    )


def test_attachments_cannot_be_added_once_submitted(client, pi_zhang, submitted):
    client.force_login(pi_zhang)
    response = client.post(
        f"/projects/applications/{submitted.pk}/attachments/", {"file": upload("x.pdf", PDF)}
    )
    assert response.status_code == 403
    assert Attachment.objects.count() == 0


def test_another_unit_admin_cannot_download_an_attachment(
    client, pi_zhang, submitted, lucheng_admin, hospital_admin
):
    # Attached while a draft would be normal; here the row is made directly for the check.
    attachment = Attachment.objects.create(
        application=submitted,
        file=SimpleUploadedFile("x.pdf", PDF),
        original_name="x.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_at=submitted.created_at,
        uploaded_by=pi_zhang,
    )
    url = f"/projects/applications/{submitted.pk}/attachments/{attachment.pk}/"
    client.force_login(lucheng_admin)
    assert client.get(url).status_code == 404
    client.force_login(hospital_admin)
    assert client.get(url).status_code == 200


def test_removing_an_attachment_deletes_the_row_and_logs_it(client, pi_zhang, draft):
    attachment = attachment_add(by=pi_zhang, application=draft, uploaded=upload("a.pdf", PDF))
    client.force_login(pi_zhang)
    client.post(f"/projects/applications/{draft.pk}/attachments/{attachment.pk}/delete/")
    assert Attachment.objects.count() == 0
    assert AuditEntry.objects.filter(action="attachment.removed").get().data == {"name": "a.pdf"}
