"""EXE_* rules (workflow only)."""

from datetime import date

from jijiao.engine.packs import load_policy
from jijiao.engine.rules.execution import ExecutionReport, check_execution


def report(**fields):
    base = {
        "level": "city",
        "session_end": date(2022, 6, 2),
        "reported_on": date(2022, 6, 12),
        "materials": frozenset(
            {"banner_photo", "full_view_photo", "video", "attendee_list", "summary"}
        ),
    }
    return ExecutionReport(**{**base, **fields})


def test_anyang_city_report_within_ten_days_is_on_time_eleven_is_late():
    policy = load_policy("anyang-2022")
    assert check_execution(report(), policy) == []
    [finding] = check_execution(report(reported_on=date(2022, 6, 13)), policy)
    assert (finding.code, finding.severity) == ("EXE_LATE", "error")


def test_national_late_report_is_only_a_warning():
    late = report(level="national", reported_on=date(2022, 6, 20), materials=None)
    [finding] = check_execution(late, load_policy("national-2024"))
    assert (finding.code, finding.severity) == ("EXE_LATE", "warning")


def test_anyang_national_reports_need_textbook_use_and_exam_questions():
    [finding] = check_execution(report(level="national"), load_policy("anyang-2022"))
    assert finding.code == "EXE_MATERIAL_MISSING"
    assert finding.message.startswith("执行情况缺少教材使用情况、考试试题")


def test_wenzhou_medical_hosts_need_half_their_trainees_from_other_units():
    policy = load_policy("wenzhou-2025")
    half = report(host_is_medical=True, trainees_total=100, trainees_external=50)
    assert check_execution(half, policy) == []
    less = report(host_is_medical=True, trainees_total=100, trainees_external=49)
    [finding] = check_execution(less, policy)
    assert (finding.code, finding.severity) == ("EXE_EXTERNAL_TRAINEES", "warning")
