"""Quality of a year's sessions: the execution scores (seed 001 附件4) overall and item by
item, the trainees' evaluation (附件2: satisfied with the teachers, the plan, the materials),
the inspections with their findings, and the sanctions in force in the year."""

from dataclasses import dataclass, field
from decimal import Decimal

from jijiao.execution.models import SessionScore, SurveyAnswer
from jijiao.execution.vocab import QUESTIONS
from jijiao.hosting.models import Inspection, Sanction

# Questions 4–6 ask how satisfied: the first two options (很满意, 满意) count as satisfied.
SATISFACTION = [(name, text) for name, text, _options in QUESTIONS if name in ("q4", "q5", "q6")]
SATISFACTION_LABELS = {"q4": "授课教师", "q5": "教学计划安排", "q6": "教材"}
SCORE_BANDS = [("90", "90 分及以上", 90, 1000), ("80", "80–89 分", 80, 90)]
SCORE_BANDS += [("60", "60–79 分", 60, 80), ("0", "60 分以下", -1000, 60)]
SCORE_BAND_LABELS = {key: label for key, label, _low, _high in SCORE_BANDS}


def score_band(total) -> str:
    value = Decimal(str(total))
    return next(key for key, _l, low, high in SCORE_BANDS if low <= value < high)


@dataclass
class Quality:
    scores: dict[int, SessionScore] = field(default_factory=dict)  # session id → score
    # session id → {"answers": n, "q4": satisfied, …}
    surveys: dict[int, dict] = field(default_factory=dict)
    inspections: list[Inspection] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)


def quality_of(session_ids: list[int], unit_ids: list[int], year: int) -> Quality:
    """The scores, evaluations and inspections of the sessions, and the sanctions of the units
    in force in ``year`` (confirmed) or waiting to be decided, in four queries."""
    found = Quality()
    for score in SessionScore.objects.filter(session_id__in=session_ids).select_related(
        "session__project__host"
    ):
        found.scores[score.session_id] = score
    for answer in SurveyAnswer.objects.filter(survey__session_id__in=session_ids).values(
        "survey__session_id", "q4", "q5", "q6"
    ):
        counts = found.surveys.setdefault(
            answer["survey__session_id"], {"answers": 0, **{q: 0 for q, _t in SATISFACTION}}
        )
        counts["answers"] += 1
        for name, _text in SATISFACTION:
            if answer[name] in (0, 1):
                counts[name] += 1
    found.inspections = list(
        Inspection.objects.filter(session_id__in=session_ids)
        .select_related("session__project__host", "inspector")
        .order_by("session__starts_at", "pk")
    )
    found.sanctions = list(
        Sanction.objects.filter(
            unit_id__in=unit_ids,
            first_year__lte=year,
            last_year__gte=year,
            state__in=[Sanction.State.CONFIRMED, Sanction.State.PROPOSED],
        )
        .select_related("unit", "person")
        .order_by("unit__name", "pk")
    )
    return found


def satisfaction(surveys: list[dict]) -> dict:
    """Answers and the satisfied share of each of questions 4–6, and their mean."""
    answers = sum(s["answers"] for s in surveys)
    shares = {}
    for name, _text in SATISFACTION:
        satisfied = sum(s[name] for s in surveys)
        shares[name] = (
            (Decimal(satisfied) * 100 / answers).quantize(Decimal("0.1")) if answers else None
        )
    known = [v for v in shares.values() if v is not None]
    overall = (sum(known) / len(known)).quantize(Decimal("0.1")) if known else None
    return {"answers": answers, "shares": shares, "overall": overall}
