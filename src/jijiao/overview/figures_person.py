"""A trainee's own five years: the credits of each year by class against what the year's pack
requires of them (its ANN_TOTAL minimum, chosen by their title and unit where it has cases), and,
for a promotion candidate, the years their credit audit looks at (seed 002: the pack's window)."""

from dataclasses import dataclass
from fractions import Fraction

from django.urls import reverse

from jijiao.audits.models import AuditCase
from jijiao.audits.table import case_years
from jijiao.credits.chain import is_county_level
from jijiao.credits.transcript import person_year
from jijiao.engine.rules import selection
from jijiao.engine.rules.compliance import AnnualPerson, annual_rule
from jijiao.orgs.facts import person_facts
from jijiao.orgs.models import Person
from jijiao.overview.charts import PALETTE, Bar, Segment, hbars
from jijiao.policy.access import get_policy

SEGMENTS = [Segment("I", "Ⅰ类", PALETTE[1]), Segment("II", "Ⅱ类", PALETTE[4])]


def required_total(person: Person, policy) -> Fraction | None:
    """The year's total the pack asks of the person (``None``: no pack or no minimum)."""
    if policy is None or person.unit_id is None:
        return None
    county = is_county_level(person.unit)
    facts = selection.person_facts(AnnualPerson(**person_facts(person, county_level=county)))
    rule = annual_rule(policy, "ANN_TOTAL", county, facts)
    return rule.fraction("min") if rule else None


@dataclass(frozen=True)
class PromotionWindow:
    """The credit years a promotion candidate's audit reads (the latest campaign they are in)."""

    campaign: str
    status: str
    early: bool
    years: list[int]


def promotion_window(person: Person) -> PromotionWindow | None:
    case = (
        AuditCase.objects.filter(person=person)
        .select_related("campaign")
        .order_by("-campaign__year", "-pk")
        .first()
    )
    if case is None:
        return None
    years = case_years(case, get_policy(case.campaign.policy_id))
    if not years:
        return None
    return PromotionWindow(
        case.campaign.title, case.get_status_display(), case.early_promotion, years
    )


def five_years(person: Person, year: int, window: PromotionWindow | None = None) -> dict:
    """The five years to ``year`` — widened to the promotion window's first year when the
    person is a candidate, each year of the window marked."""
    audited = set(window.years) if window else set()
    first = min([year - 4, *audited])
    rows = []
    for each in range(first, year + 1):
        transcript = person_year(person, each)
        required = required_total(person, transcript.policy)
        url = reverse("credits:person", args=[person.pk]) + f"?year={each}"
        rows.append(
            {
                "year": each,
                "url": url,
                "class1": transcript.class1,
                "class2": transcript.class2,
                "total": transcript.total,
                "required": f"{float(required):g}" if required is not None else None,
                "status": transcript.status_label,
                "problem": transcript.problem,
                "audited": each in audited,
            }
        )
    bars = [
        Bar(
            f"{r['year']} 年" + (" ★" if r["audited"] else ""),
            r["url"],
            [(r["class1"], r["url"]), (r["class2"], r["url"])],
            f"要求 {r['required']} · {r['status']}" if r["required"] else r["status"],
        )
        for r in rows
    ]
    return {"rows": rows, "chart": hbars("近五年学分", bars, SEGMENTS, unit=" 分")}
