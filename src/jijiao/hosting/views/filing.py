"""Filing: the notice, its stamped scan, filing, the office's review, the 附件1 form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common import uploads
from jijiao.common.confirm import ask, is_confirmed
from jijiao.common.documents.excel import xlsx_response
from jijiao.common.downloads import download_file, stored_type
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.hosting import documents
from jijiao.hosting.domain.filing import (
    NOTICE_FIELDS,
    filing_attach_scan,
    filing_check,
    filing_for,
    filing_review,
    filing_save,
    filing_submit,
)
from jijiao.hosting.forms import FilingForm, ReviewForm, ScanForm
from jijiao.hosting.pdf import pdf_response, render_pdf
from jijiao.hosting.queries import sessions_for_user


def _hosted(request, pk: int):
    session = get_object_or_404(sessions_for_user(request.user), pk=pk)
    if not request.user.has_perm("hosting.manage_session", session):
        raise PermissionDenied
    return session


@login_required
def filing_edit(request, pk: int):
    session = _hosted(request, pk)
    filing = filing_for(session)
    initial = {field: getattr(filing, field) for field in NOTICE_FIELDS}
    form = FilingForm(request.POST or None, initial=initial)
    scan_form = ScanForm()
    if request.method == "POST" and form.is_valid():
        try:
            filing = filing_save(by=request.user, session=session, fields=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            if request.POST.get("action") != "submit":
                messages.success(request, "报备信息已保存。")
                return redirect("hosting:filing", pk=session.pk)
            try:
                report = filing_submit(by=request.user, session=session)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("hosting:filing", pk=session.pk)
            if report["ok"]:
                warned = len(report["findings"])
                text = "已报备，等待审核。" + (f"有 {warned} 项提示，请查看。" if warned else "")
                messages.success(request, text)
                return redirect("hosting:session", pk=session.pk)
            messages.error(request, "未能报备：请按下列问题修改后重新报备。")
            return redirect("hosting:filing", pk=session.pk)
    return render(
        request,
        "hosting/filing_form.html",
        {
            "session": session,
            "filing": filing,
            "form": form,
            "scan_form": scan_form,
            "preview": filing_check(session, filing),
            "editable": request.user.has_perm("hosting.file_session", session)
            and filing.state in ("draft", "returned"),
        },
    )


@require_POST
@login_required
def filing_scan(request, pk: int):
    session = _hosted(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, uploads.form_message(form, "请选择盖章通知扫描件。"))
        return redirect("hosting:filing", pk=session.pk)
    try:
        filing_attach_scan(
            by=request.user, session=session, upload=form.cleaned_data["notice_scan"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "扫描件已上传。")
    return redirect("hosting:filing", pk=session.pk)


@login_required
def filing_scan_file(request, pk: int):
    session = get_object_or_404(sessions_for_user(request.user), pk=pk)
    filing = filing_for(session)
    if filing.pk is None or not filing.notice_scan:
        raise Http404("没有扫描件")
    return download_file(
        filing.notice_scan.open("rb"),
        filing.notice_scan_name or "盖章通知扫描件",
        filing.notice_scan_type or stored_type(filing.notice_scan.name),
    )


@require_POST
@login_required
def filing_review_view(request, pk: int):
    session = get_object_or_404(sessions_for_user(request.user), pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    accept = request.POST.get("action") == "accept"
    if accept and not is_confirmed(request):
        return ask(
            request,
            title="确认通过报备",
            consequence=f"将通过“{session.project.name}”第 {session.sequence} 期的举办报备；"
            "通过后主办方按报备内容举办，不能撤回。",
            back=reverse("hosting:session", args=[session.pk]),
        )
    try:
        filing_review(
            by=request.user, session=session, accept=accept, note=form.cleaned_data.get("note", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "报备已通过。" if accept else "报备已退回。")
    return redirect("hosting:session", pk=session.pk)


@login_required
def filing_form_pdf(request, pk: int):
    session = get_object_or_404(sessions_for_user(request.user), pk=pk)
    context = documents.filing_form_context(session)
    content = render_pdf("hosting/filing_form_pdf.html", context)
    return pdf_response(
        f"{context['title']}-{session.project.number}-第{session.sequence}期.pdf", content
    )


@login_required
def filing_form_xlsx(request, pk: int):
    session = get_object_or_404(sessions_for_user(request.user), pk=pk)
    context = documents.filing_form_context(session)
    return xlsx_response(
        f"{context['title']}-{session.project.number}-第{session.sequence}期.xlsx",
        "举办报备表",
        documents.HEADERS,
        context["rows"],
    )
