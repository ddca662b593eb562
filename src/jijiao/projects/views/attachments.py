"""An application's files: attachments in, attachments out, and the printed paper form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from jijiao.common import filetypes, uploads
from jijiao.common.downloads import PDF, download, download_file
from jijiao.common.errors import DomainError
from jijiao.projects.domain.attachments import attachment_add, attachment_remove
from jijiao.projects.domain.printing import application_print
from jijiao.projects.forms_applications import AttachmentForm
from jijiao.projects.views.common import application_with, visible_application


@require_POST
@login_required
def attachment_upload(request, pk: int):
    application = application_with(request, pk, "projects.add_attachment")
    form = AttachmentForm(request.POST, request.FILES, call=application.call)
    back = redirect("projects:application_edit", pk=pk)
    back["Location"] += "#attachments"
    if not form.is_valid():
        messages.error(
            request,
            uploads.form_message(form, f"请选择要上传的附件文件（{uploads.DOCUMENT.help_text}）。"),
        )
        return back
    try:
        attachment = attachment_add(
            by=request.user,
            application=application,
            uploaded=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"已上传附件“{attachment.original_name}”"
            f"（识别为 {filetypes.label_of(attachment.content_type)}）。",
        )
    return back


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    application = visible_application(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件不存在") from None
    return download_file(handle, attachment.original_name, attachment.content_type, inline=False)


@require_POST
@login_required
def attachment_delete(request, pk: int, attachment_pk: int):
    application = application_with(request, pk, "projects.add_attachment")
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    attachment_remove(by=request.user, attachment=attachment)
    messages.success(request, f"已删除附件“{attachment.original_name}”。")
    back = redirect("projects:application_edit", pk=pk)
    back["Location"] += "#attachments"
    return back


@login_required
def application_pdf(request, pk: int):
    """The paper form (PDF) printed from the record; printing is logged on the trail."""
    application = application_with(request, pk, "projects.print_application")
    pdf = application_print(by=request.user, application=application)
    return download(pdf, f"申报表-{application.name}.pdf", PDF, inline=False)
