"""The public verification of certificates and proofs: by code or QR, as a page and as JSON,
rate-limited per address. It shows what was issued, masked, and its status now."""

from django.http import JsonResponse
from django.shortcuts import redirect, render

from jijiao.credits import queries
from jijiao.credits.domain.certificates import verify
from jijiao.credits.forms import VerifyForm
from jijiao.credits.models import Certificate
from jijiao.credits.ratelimit import allowed
from jijiao.credits.transcript import person_year

TOO_MANY = "查询过于频繁，请一分钟后再试。"


def _verification(code: str):
    certificate = queries.certificate_by_code(code)
    if certificate is None:
        return None
    annual_status = None
    if certificate.kind == Certificate.Kind.ANNUAL:
        annual_status = person_year(certificate.person, certificate.year).status or "unknown"
    return verify(certificate, annual_status=annual_status)


def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("credits:verify", code=form.cleaned_data["code"].strip())
    return render(request, "credits/verify.html", {"form": form, "result": None})


def verify_page(request, code: str):
    if not allowed(request, "verify"):
        return render(request, "credits/verify.html", {"limited": TOO_MANY}, status=429)
    result = _verification(code)
    status = 200 if result is not None else 404
    return render(
        request,
        "credits/verify.html",
        {"form": VerifyForm(initial={"code": code}), "result": result, "code": code},
        status=status,
    )


def verify_json(request, code: str):
    if not allowed(request, "verify"):
        return JsonResponse({"error": {"code": "RATE_LIMITED", "message": TOO_MANY}}, status=429)
    result = _verification(code)
    if result is None:
        return JsonResponse(
            {"error": {"code": "NOT_FOUND", "message": "没有该验证码的证书"}}, status=404
        )
    return JsonResponse(result.as_dict(), json_dumps_params={"ensure_ascii": False})
