from jijiao.engine.rules.findings import Finding, has_errors, sort_findings


def _f(code, subject, severity="error"):
    return Finding(code, severity, "…", subject)


def test_findings_sort_by_code_then_subject_with_numbers_in_order():
    findings = [
        _f("APP_THEORY_TEACHER_TITLE", "courses[10]"),
        _f("APP_PI_AGE", "pi"),
        _f("APP_THEORY_TEACHER_TITLE", "courses[2]"),
    ]
    ordered = [(f.code, f.subject) for f in sort_findings(findings)]
    assert ordered == [
        ("APP_PI_AGE", "pi"),
        ("APP_THEORY_TEACHER_TITLE", "courses[2]"),
        ("APP_THEORY_TEACHER_TITLE", "courses[10]"),
    ]


def test_warnings_alone_do_not_make_a_document_fail():
    assert not has_errors([_f("APP_VENUE_NOT_OWN_UNIT", "project", "warning")])
    assert has_errors([_f("APP_PI_AGE", "pi")])
