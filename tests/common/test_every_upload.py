"""Every file input of every form, and every upload endpoint of the API, refuses — with its
kind's Chinese message — a file one byte over the kind's cap, an HTML file and a text file named
like an allowed type; nothing is stored."""

import importlib
import inspect
import pkgutil
import tempfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils.datastructures import MultiValueDict

import jijiao
from jijiao.api.urls import api
from jijiao.common import filetypes, uploads
from jijiao.common.uploads import MB, Kind, UploadField
from jijiao.orgs.models import Unit

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html>\n<html><body><script>fetch('/api/v1/')</script></body></html>\n"
TEXT = "这是一个文本文件，不是所需的格式。\n".encode()
BINARY = bytes(range(256)) * 4  # neither text nor any type we know


def _all_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(jijiao.__path__, "jijiao."):
        if module.name.rsplit(".", 1)[-1].startswith("forms"):
            importlib.import_module(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            if subclass.__module__.startswith("jijiao.") and not inspect.isabstract(subclass):
                found.append(subclass)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def file_fields() -> list[tuple[type[forms.BaseForm], str, forms.Field]]:
    return [
        (form_class, name, field)
        for form_class in _all_forms()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.FileField)
    ]


def cases():
    """(form, field name, choice data, kind) for every file field and every kind it can take."""
    for form_class, name, field in file_fields():
        label = f"{form_class.__module__}.{form_class.__name__}.{name}"
        if not isinstance(field, UploadField):
            yield pytest.param(form_class, name, {}, None, id=label)
        elif field.kind is not None:
            yield pytest.param(form_class, name, {}, field.kind, id=label)
        else:
            choice_field, kinds = field.kind_by
            for choice, kind in kinds.items():
                yield pytest.param(
                    form_class, name, {choice_field: choice}, kind, id=f"{label}[{choice}]"
                )


def _bound(form_class, data: dict, files: MultiValueDict):
    extra = {}
    for parameter in inspect.signature(form_class.__init__).parameters.values():
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            extra[parameter.name] = {"units": Unit.objects.none(), "pack_ids": []}[parameter.name]
    return form_class(data=data, files=files, **extra)


def over_cap(kind: Kind, name: str):
    """A file one byte over the cap, with the first allowed type's content at its start; the
    rest is a hole in a sparse temporary file, so a 2 GB cap costs no disk or memory."""
    upload = TemporaryUploadedFile(name, "application/octet-stream", kind.max_bytes + 1, None)
    upload.write(SAMPLES[kind.types[0]])
    upload.file.truncate(kind.max_bytes + 1)
    upload.seek(0)
    return upload


SAMPLES = {
    filetypes.PDF: b"%PDF-1.7\n",
    filetypes.JPG: b"\xff\xd8\xff\xe0\x00\x10JFIF",
    filetypes.PNG: b"\x89PNG\r\n\x1a\n",
    filetypes.MP4: b"\x00\x00\x00\x18ftypmp42",
    filetypes.WEBM: b"\x1a\x45\xdf\xa3",
    filetypes.XLSX: b"PK\x03\x04",
    filetypes.CSV: "身份证号,进入时间,离开时间\n".encode(),
}


def bad_files(kind: Kind) -> list[tuple[object, str]]:
    """(the file, what the message must say it received)."""
    extension = kind.types[0].extension
    text = BINARY if kind.takes(filetypes.TEXT) else TEXT
    text_type = filetypes.UNKNOWN if kind.takes(filetypes.TEXT) else filetypes.TEXT
    over = over_cap(kind, f"大文件.{extension}")
    size = kind.max_bytes + 1
    return [
        (over, f"收到的文件有 {size / MB:.1f} MB（{size:,} 字节）"),
        (SimpleUploadedFile(f"evil.{extension}", HTML, "text/html"), "收到的是 HTML 文件"),
        (
            SimpleUploadedFile(f"说明.{extension}", text, kind.types[0].content_type),
            f"收到的是{filetypes.spaced(text_type.label)}文件",
        ),
    ]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tempfile.gettempdir()
    yield settings.MEDIA_ROOT
    assert not any(settings.MEDIA_ROOT.rglob("*")), "a refused upload left a stored file"


def test_the_forms_have_file_inputs_to_check():
    # The discovery itself: the application form's attachments and the staff import are found.
    labels = {f"{form.__name__}.{name}" for form, name, _ in file_fields()}
    assert {"AttachmentForm.file", "ImportForm.file", "PersonalForm.evidence"} <= labels
    assert len(labels) >= 16


@pytest.mark.parametrize(("form_class", "name", "data", "kind"), list(cases()))
def test_every_file_input_refuses_oversized_html_and_renamed_text_files(
    form_class, name, data, kind
):
    assert kind is not None, f"{form_class.__name__}.{name} is not a common.uploads.UploadField"
    field = form_class.base_fields[name]
    for upload, received in bad_files(kind):
        files = MultiValueDict({name: [upload]})
        form = _bound(form_class, dict(data), files)
        assert not form.is_valid()
        allowed = "、".join(t.label for t in kind.types)
        expected = (
            f"文件“{upload.name}”：只能上传 {allowed} 文件，"
            f"且不超过 {kind.max_bytes // MB} MB；{received}"
        )
        assert expected in form.errors.get(name, []), (form.errors, field)
        upload.close()


def test_the_message_says_what_was_refused_and_what_is_allowed():
    evil = SimpleUploadedFile("证明.pdf", HTML)
    with pytest.raises(Exception) as refused:
        uploads.accept(evil, uploads.DOCUMENT)
    assert refused.value.message == (
        "文件“证明.pdf”：只能上传 PDF、JPG、PNG 文件，且不超过 15 MB；收到的是 HTML 文件"
    )


def _upload_operations() -> list[str]:
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = (operation.get("requestBody") or {}).get("content", {})
            if "multipart/form-data" in content or "application/octet-stream" in content:
                found.append(f"{method.upper()} {path}")
    return found


def test_the_api_takes_no_file_outside_the_guarded_way():
    # The API's endpoints are found (the discovery works) and none takes a file today; an
    # endpoint that does must accept it through common.uploads and be sent the same three
    # files here.
    assert len(api.get_openapi_schema()["paths"]) > 5
    assert _upload_operations() == []
