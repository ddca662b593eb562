"""Kinds of upload: the type read from the content, the cap from settings, Chinese refusals."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.common import filetypes, uploads
from jijiao.common.errors import DomainError


@pytest.mark.parametrize(
    ("head", "label"),
    [
        (b"%PDF-1.4", "PDF"),
        (b"\xff\xd8\xff\xe0", "JPG"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\x00\x00\x00\x18ftypmp42", "MP4"),
        (b"\x00\x00\x00\x14ftypqt  ", "MOV"),
        (b"\x1a\x45\xdf\xa3", "WebM"),
        (b"\xef\xbb\xbf<!DOCTYPE html><p>", "HTML"),
        (b"  <svg xmlns='http://www.w3.org/2000/svg'>", "SVG"),
        ("身份证号,进入时间\n".encode("gb18030"), "文本"),
        (b"MZ\x90\x00", "可执行程序"),
        (bytes(range(256)), "无法识别类型的"),
    ],
)
def test_the_type_is_read_from_the_first_bytes(head, label):
    assert filetypes.sniff_bytes(head).label == label


def test_a_png_named_pdf_is_stored_as_a_png_under_a_generated_name():
    accepted = uploads.accept(
        SimpleUploadedFile("../../证明.pdf", b"\x89PNG\r\n\x1a\n" + bytes(9)), uploads.DOCUMENT
    )
    assert (accepted.name, accepted.content_type) == ("证明.pdf", "image/png")
    name = uploads.storage_name(accepted, prefix="notice-7")
    assert name.startswith("notice-7-") and name.endswith(".png") and "证明" not in name


def test_the_cap_is_a_setting(settings):
    settings.UPLOAD_PROOF_MB = 1
    big = SimpleUploadedFile("证明.pdf", b"%PDF-" + bytes(1024 * 1024))
    with pytest.raises(DomainError) as refused:
        uploads.accept(big, uploads.PROOF)
    assert refused.value.message == (
        "文件“证明.pdf”：只能上传 PDF、JPG、PNG 文件，且不超过 1 MB；"
        "收到的文件有 1.0 MB（1,048,581 字节）"
    )
    assert uploads.PROOF.help_text == "PDF、JPG、PNG，不超过 1 MB"


def test_a_csv_kind_takes_any_text_but_not_html():
    log = io.BytesIO("身份证号,进入时间\n".encode())
    log.name = "log.csv"
    assert uploads.accept(log, uploads.CSV).content_type == "text/csv"
    page = io.BytesIO(b"<html><script>x</script>")
    page.name = "log.csv"
    with pytest.raises(DomainError, match="收到的是 HTML 文件"):
        uploads.accept(page, uploads.CSV)
