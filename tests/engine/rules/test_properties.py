"""Properties of the rule engine (issue 3), checked with hypothesis through ``run_precheck``.

- credits are never above the pack's cap and never negative, whatever the schedule;
- an application that passes stays passing when a non-teaching row is added;
- execution scores lie within 0..100 for any session, and a perfect face-to-face session and a
  perfect remote one each score exactly 100 (blended echoes its mode, scored as face-to-face);
- annual compliance is monotone: adding an approved, valid record never makes it worse.

Example counts stay modest so that the suite stays fast.
"""

import copy
import json
import math
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jijiao.engine.packs import load_policy, shipped_pack_ids
from jijiao.engine.precheck import run_precheck
from jijiao.engine.rules.numbers import as_fraction
from tests.conftest import SHARED_DIR

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PACKS = shipped_pack_ids()
LEVELS = ["national", "provincial", "city"]
TITLES = ["初级", "中级", "副高", "正高"]
NAMES = ["李某", "王某", "赵某", "钱某", "孙某", "周某", "吴某", "郑某"]


def clean_example() -> dict:
    path = Path(SHARED_DIR) / "examples" / "precheck" / "application-clean.json"
    return json.loads(path.read_text(encoding="utf-8"))["input"]


CLEAN = clean_example()


def teaching_minutes(courses) -> int:
    return sum(c["minutes"] for c in courses if c["kind"] in ("theory", "practical"))


# ------------------------------------------------------------------ credits


row = st.fixed_dictionaries(
    {
        "topic": st.sampled_from(["理论", "示范", "开班仪式", "参观"]),
        "kind": st.sampled_from(["theory", "practical", "non_teaching"]),
        "minutes": st.integers(0, 600),
        "teacher": st.none() | st.builds(lambda n: {"name": n}, st.sampled_from(NAMES)),
    }
)
requested_credits = st.none() | st.integers(0, 20) | st.integers(0, 200).map(lambda n: n / 10)


@PROPERTY
@given(
    pack=st.sampled_from(PACKS),
    level=st.sampled_from(LEVELS),
    courses=st.lists(row, max_size=12),
    requested=requested_credits,
)
def test_credits_are_never_above_the_packs_cap_and_never_negative(pack, level, courses, requested):
    doc = copy.deepcopy(CLEAN)
    doc["project"]["level"] = level
    doc["project"]["requested_credits"] = requested
    doc["courses"] = courses
    result = run_precheck("application", pack, doc)["result"]
    assert result["teaching_minutes"] == teaching_minutes(courses)
    cap = load_policy(pack).get("credits", level, "max_per_project")
    for key in ("credits", "computed_credits"):
        value = result[key]
        assert value is None or value >= 0, key
    if result["credits"] is not None and cap is not None:
        assert result["credits"] <= cap
    if requested is not None:
        expected = requested if cap is None else min(as_fraction(requested), as_fraction(cap))
        assert result["credits"] == float(expected)


@PROPERTY
@given(courses=st.lists(row, max_size=12), requested=requested_credits)
def test_wenzhou_credits_are_teaching_minutes_over_150_rounded_down_and_capped(courses, requested):
    """1 学时 = 50 min, 3 学时 = 1 credit, down to 0.1, ≤ 2.5 (温继委办发〔2025〕1号 一.3)."""
    doc = copy.deepcopy(CLEAN)
    doc["project"]["requested_credits"] = requested
    doc["courses"] = courses
    output = run_precheck("application", "wenzhou-2025", doc)
    minutes = teaching_minutes(courses)
    computed = Fraction(math.floor(Fraction(minutes, 15)), 10)
    chosen = computed if requested is None else as_fraction(requested)
    assert output["result"]["computed_credits"] == float(computed)
    assert output["result"]["credits"] == float(min(chosen, Fraction(5, 2)))
    limit = [f for f in output["findings"] if f["code"] == "APP_CREDIT_LIMIT"]
    assert bool(limit) is (requested is not None and as_fraction(requested) > Fraction(5, 2))


# ------------------------------------------------------------------ a passing application

WINDOW_START = datetime(2025, 1, 20, 12, 0)
WINDOW_END = datetime(2025, 2, 27, 17, 0)


@st.composite
def teachers_rows(draw):
    """Other teachers' rows (theory ≥ 副高, practical ≥ 中级), then the PI's theory row made
    long enough for the PI's 1/5 and the own unit's 1/2 of all teaching time."""
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=5))
    rows = []
    for name in names:
        kind = draw(st.sampled_from(["theory", "practical"]))
        title = draw(st.sampled_from(["副高", "正高"] if kind == "theory" else TITLES[1:]))
        own = draw(st.booleans())
        teacher = {
            "name": name,
            "is_pi": False,
            "title": title,
            "own_unit": own,
            "discipline": draw(st.sampled_from(["03-06", "03-01", None])),
            "integrity_records": draw(
                st.lists(
                    st.dates(date(2000, 1, 1), date(2021, 12, 31)).map(
                        lambda d: {"date": d.isoformat()}
                    ),
                    max_size=2,
                )
            ),
        }
        minutes = draw(st.integers(0, 300))
        rows.append({"topic": f"{name}授课", "kind": kind, "minutes": minutes, "teacher": teacher})
    others = sum(r["minutes"] for r in rows)
    own_others = sum(r["minutes"] for r in rows if r["teacher"]["own_unit"])
    # PI ≥ (PI + others) / 5  ⇔  4·PI ≥ others
    # PI + own ≥ (PI + others) / 2  ⇔  PI ≥ others − 2·own
    needed = max(1, math.ceil(Fraction(others, 4)), others - 2 * own_others)
    pi_minutes = needed + draw(st.integers(0, 300))
    pi_row = {
        "topic": "主讲",
        "kind": "theory",
        "minutes": pi_minutes,
        "teacher": {
            "name": "张某",
            "is_pi": draw(st.booleans()),  # the PI's name is enough
            "title": "正高",
            "own_unit": True,
            "discipline": "03-06",
            "integrity_records": [],
        },
    }
    rows.insert(draw(st.integers(0, len(rows))), pi_row)
    return rows


@st.composite
def passing_applications(draw):
    """The clean example with random variations that keep it passing by construction."""
    doc = copy.deepcopy(CLEAN)
    moment = draw(st.datetimes(WINDOW_START, WINDOW_END))
    doc["submitted_at"] = moment.replace(microsecond=0).isoformat() + "+08:00"
    first_time = draw(st.booleans())
    doc["unit"].update(
        is_medical=draw(st.booleans()),
        first_time=first_time,
        completed_projects=None if first_time else {"2023": 3, "2024": 4},  # quota 1 or 2
        applications_in_call=0 if first_time else draw(st.integers(0, 1)),
    )
    doc["project"].update(
        name=draw(st.sampled_from(["基层慢病管理适宜技术培训班", "县域急诊急救能力提升培训"])),
        sessions=draw(st.integers(1, 6)),
        enrollment_per_session=draw(st.integers(1, 200)),
        venue_is_own_unit=draw(st.booleans()),  # elsewhere is only a warning
    )
    doc["pi"].update(
        # 55 at most on any day of the window (周岁: reached the day after the birthday)
        birth_date=draw(st.dates(date(1969, 2, 27), date(1995, 12, 31))).isoformat(),
        title=draw(st.sampled_from(["副高", "正高"])),
        unexecuted_projects=draw(
            st.lists(
                st.sampled_from(
                    [
                        {"year": 2024, "excused": True},
                        {"year": 2022, "excused": False},
                        {"year": 2023, "excused": False, "level": "provincial"},
                    ]
                ),
                max_size=2,
            )
        ),
        integrity_records=[{"date": "2021-12-31"}],  # more than 3 years before
    )
    courses = draw(teachers_rows())
    courses.insert(
        draw(st.integers(0, len(courses))),
        {"topic": "开班仪式", "kind": "non_teaching", "minutes": 30, "teacher": None},
    )
    doc["courses"] = courses
    computed_tenths = math.floor(Fraction(teaching_minutes(courses), 15))
    doc["project"]["requested_credits"] = draw(
        st.none() | st.integers(0, min(25, computed_tenths)).map(lambda n: n / 10)
    )
    doc["others"] = draw(
        st.lists(st.just({"name": "儿科护理新进展", "summary": "新生儿护理与家庭指导"}), max_size=1)
    )
    return doc


non_teaching_row = st.fixed_dictionaries(
    {
        "topic": st.sampled_from(["开班仪式", "领导讲话", "参观", "结业总结", "报到"]),
        "kind": st.just("non_teaching"),
        "minutes": st.integers(0, 600),
        "teacher": st.none()
        | st.fixed_dictionaries(
            {
                "name": st.sampled_from(["院长", "李某", "外单位领导"]),
                "title": st.sampled_from(TITLES),
                "own_unit": st.booleans(),
                "discipline": st.sampled_from(["10-01", "03-06"]),
            }
        ),
    }
)


def outcome(output):
    return sorted((f["code"], f["severity"]) for f in output["findings"])


@PROPERTY
@given(doc=passing_applications(), extra=non_teaching_row, data=st.data())
def test_a_passing_application_stays_passing_when_a_non_teaching_row_is_added(doc, extra, data):
    before = run_precheck("application", "wenzhou-2025", doc)
    assert before["ok"] is True, before["findings"]
    doc["courses"].insert(data.draw(st.integers(0, len(doc["courses"]))), extra)
    after = run_precheck("application", "wenzhou-2025", doc)
    assert after["ok"] is True, after["findings"]
    assert outcome(after) == outcome(before)
    assert after["result"] == before["result"]


# ------------------------------------------------------------------ execution score

PROVINCES = ["浙江", "江苏", "安徽", "上海", "福建", "江西", "湖南"]
SCORING = load_policy("national-2024").get("scoring")
day = st.dates(date(2024, 1, 1), date(2024, 12, 31)).map(date.isoformat)
amount = st.none() | st.integers(0, 10) | st.integers(0, 100).map(lambda n: n / 10)
teachers = st.none() | st.lists(st.sampled_from(NAMES), max_size=6)


def period(extra):
    return st.fixed_dictionaries(
        {},
        optional={
            "start": st.none() | day,
            "end": st.none() | day,
            "venue": st.none() | st.sampled_from(["杭州某酒店", "本院报告厅"]),
            "days": amount,
            "hours": amount,
            "teachers": teachers,
            **extra,
        },
    )


any_session = st.fixed_dictionaries(
    {},
    optional={
        "held": st.none() | st.booleans(),
        "planned": st.none() | period({}),
        "filed_on": st.none() | day,
        "actual": st.none()
        | period(
            {
                "scenic_area": st.none() | st.booleans(),
                "format_change": st.none() | st.sampled_from(["none", "partial", "full"]),
            }
        ),
        "reported_on": st.none() | day,
        "pi_taught": st.none() | st.booleans(),
        "venue_province": st.none() | st.sampled_from(PROVINCES),
        "upload_cycle_months": st.none() | st.sampled_from([0.5, 1, 1.5, 2, 3, 4, 6, 9, 12, 24]),
        "video_controls": st.none()
        | st.fixed_dictionaries(
            {},
            optional={
                key: st.none() | st.booleans()
                for key in ("no_seek", "no_parallel", "presence_check")
            },
        ),
        "trainees_by_province": st.none()
        | st.dictionaries(st.sampled_from(PROVINCES), st.integers(0, 500), max_size=7),
        "survey": st.none()
        | st.dictionaries(
            st.sampled_from([f"q{i}" for i in range(1, 8)]),
            st.lists(st.integers(0, 100), max_size=5),
            max_size=7,
        ),
    },
)
MODES = st.sampled_from(["face_to_face", "blended", "remote"])


def items_of(mode: str) -> list[str]:
    return list(SCORING["modes"]["face_to_face" if mode == "blended" else mode])


@PROPERTY
@given(
    mode=MODES,
    unit_province=st.none() | st.sampled_from(PROVINCES),
    sessions=st.lists(any_session, min_size=1, max_size=4),
)
def test_execution_scores_are_within_0_and_100_for_any_session(mode, unit_province, sessions):
    doc = {"project": {"mode": mode, "unit_province": unit_province}, "sessions": sessions}
    output = run_precheck("execution-score", "national-2024", doc)
    result = output["result"]
    assert output["findings"] == [] and output["ok"] is True
    assert result["mode"] == mode
    assert 0 <= result["total"] <= 100
    for scored in result["sessions"]:
        assert list(scored["items"]) == items_of(mode)
        assert all(points >= 0 for points in scored["items"].values())
        assert 0 <= scored["total"] <= 100
        assert scored["total"] == sum(scored["items"].values())


@st.composite
def perfect_sessions(draw, home):
    """A session that earns every item's full points, with random facts that keep it so;
    ``home`` is the province out-of-province trainees are counted against."""
    start = draw(st.dates(date(2024, 2, 1), date(2024, 11, 30)))
    length = draw(st.integers(0, 4))
    end = start + timedelta(days=length)
    # more than 5 provinces, at least 30% of the trainees from outside ``home``
    away = [p for p in PROVINCES if p != home][: draw(st.integers(5, len(PROVINCES) - 1))]
    at_home = draw(st.integers(1, 200))
    # outside / (at_home + outside) ≥ 3/10  ⇔  7 · outside ≥ 3 · at_home
    outside_each = math.ceil(Fraction(3 * at_home, 7 * len(away))) + draw(st.integers(0, 50))
    trainees = {home: at_home, **{p: outside_each for p in away}}
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    survey = {}
    for question in SCORING["survey_questions"]:
        # at least 95% in the two best options; the rest in the third or fourth
        answers = draw(st.integers(1, 100))
        best = math.ceil(Fraction(19 * answers, 20))
        first = draw(st.integers(0, best))
        survey[question] = [first, best - first, 0, 0]
        survey[question][draw(st.integers(2, 3))] = answers - best
    survey["q2"] = [0, 0, draw(st.integers(0, 100))]  # prior knowledge: not satisfaction
    days = length + 1
    planned = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "venue": "本院报告厅",
        "days": days,
        "hours": days * 6,
        "teachers": names,
    }
    return {
        "held": True,
        "planned": planned,
        "filed_on": (start - timedelta(days=draw(st.integers(14, 90)))).isoformat(),
        "actual": {**planned, "scenic_area": False, "format_change": "none"},
        "reported_on": (end + timedelta(days=draw(st.integers(0, 14)))).isoformat(),
        "pi_taught": True,
        "venue_province": home,
        "upload_cycle_months": draw(st.sampled_from([0.5, 1])),
        "video_controls": {"no_seek": True, "no_parallel": True, "presence_check": True},
        "trainees_by_province": trainees,
        "survey": survey,
    }


@PROPERTY
@given(mode=MODES, home=st.sampled_from(PROVINCES), data=st.data())
def test_perfect_sessions_score_exactly_100_in_every_mode(mode, home, data):
    sessions = data.draw(st.lists(perfect_sessions(home), min_size=1, max_size=3))
    if mode == "remote":  # remote: against the applying unit's province, not the venue's
        for session in sessions:
            session["venue_province"] = data.draw(st.none() | st.sampled_from(PROVINCES))
    doc = {"project": {"mode": mode, "unit_province": home}, "sessions": sessions}
    result = run_precheck("execution-score", "national-2024", doc)["result"]
    assert result["mode"] == mode
    assert result["total"] == 100.0
    for scored in result["sessions"]:
        assert list(scored["items"]) == items_of(mode)
        assert sum(scored["items"].values()) == 100
        assert scored["total"] == 100.0


def test_full_marks_of_each_mode_add_up_to_100_in_the_pack():
    """The rubric itself: the best points of the face-to-face and the remote items total 100."""

    def best(item):
        values = [band["points"] for band in item.get("bands", ())]
        values += [v for k, v in item.items() if isinstance(v, int) and k != "missing"]
        return max(values)

    for mode in ("face_to_face", "remote"):
        assert sum(best(SCORING["items"][i]) for i in SCORING["modes"][mode]) == 100, mode


# ------------------------------------------------------------------ annual compliance

STATUS_RANK = {"noncompliant": 0, "compliant": 1, "exempt": 2}
credits_tenths = st.integers(0, 300).map(lambda n: n / 10)
ledger_row = st.fixed_dictionaries(
    {
        "year": st.sampled_from([2021, 2022, 2022, 2022]),
        "class": st.sampled_from(["I", "II"]),
        "level": st.sampled_from(["national", "provincial", "city", "unit"]),
        "remote": st.booleans(),
        "credits": credits_tenths,
        "status": st.sampled_from(["approved", "approved", "pending", "rejected"]),
        "valid": st.sampled_from([True, True, False, None]),
    }
)
approved_valid = st.fixed_dictionaries(
    {
        "year": st.just(2022),
        "class": st.sampled_from(["I", "II"]),
        "level": st.sampled_from(["national", "provincial", "city", "unit"]),
        "remote": st.booleans(),
        "credits": credits_tenths,
        "status": st.just("approved"),
        "valid": st.just(True),
    }
)
person = st.fixed_dictionaries(
    {},
    optional={
        "exemption": st.sampled_from([None, None, "resident_training", "long_study"]),
        "public_subject_hours": st.none() | st.integers(0, 60),
        "county_level": st.none() | st.booleans(),
    },
)


@PROPERTY
@given(
    pack=st.sampled_from(PACKS),
    person=person,
    records=st.lists(ledger_row, max_size=8),
    added=approved_valid,
    data=st.data(),
)
def test_adding_an_approved_valid_record_never_makes_annual_compliance_worse(
    pack, person, records, added, data
):
    doc = {"year": 2022, "person": person, "records": records}
    before = run_precheck("annual-compliance", pack, doc)
    grown = list(records)
    grown.insert(data.draw(st.integers(0, len(records))), added)
    after = run_precheck("annual-compliance", pack, {**doc, "records": grown})
    status_before, status_after = before["result"]["status"], after["result"]["status"]
    assert STATUS_RANK[status_after] >= STATUS_RANK[status_before]
    if status_before == "compliant":
        assert status_after == "compliant"
    assert {f["code"] for f in after["findings"]} <= {f["code"] for f in before["findings"]}
    assert after["result"]["total"] == round(before["result"]["total"] + added["credits"], 1)
