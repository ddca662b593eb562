"""A person's credits by year and their annual compliance (reads only).

The standing is the annual-compliance rule's own (``rules.compliance.year_standing``) on the
plain records built here from the ledger, under the pack the city set for the year.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from jijiao.common.errors import DomainError
from jijiao.credits.chain import credit_year_of, credit_year_pending, is_county_level
from jijiao.credits.models import AnnualFacts, LedgerEntry
from jijiao.engine.packs.model import Policy
from jijiao.engine.rules import selection
from jijiao.engine.rules.compliance import AnnualPerson, CreditRecord, YearStanding, year_standing
from jijiao.engine.rules.vocab import ACTIVITY_TYPES
from jijiao.orgs.facts import person_facts
from jijiao.orgs.models import Person, Unit
from jijiao.policy.access import get_policy

STATUS_LABELS = {"compliant": "达标", "noncompliant": "不达标", "exempt": "不计达标"}

# The record types the rules know (rules/vocab.py RecordType): projects, remote courses and the
# activity types themselves; a lecturer's project row counts as a project.
_RECORD_TYPE = {"项目": "项目", "项目授课": "项目", "远程": "远程"} | {t: t for t in ACTIVITY_TYPES}


def as_record(entry: LedgerEntry) -> CreditRecord:
    """A ledger row as the rules see it."""
    return CreditRecord(
        year=entry.year,
        credit_class=entry.credit_class,
        level=entry.credit_level,
        remote=entry.remote,
        credits=Fraction(str(entry.credits)),
        status=entry.status,
        valid=entry.valid,
        type=_RECORD_TYPE.get(entry.activity_type),
        has_evidence=None,
        date=entry.activity_date,
    )


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


@dataclass
class YearTranscript:
    person: Person
    year: int
    rows: list[LedgerEntry] = field(default_factory=list)
    standing: YearStanding | None = None
    policy: Policy | None = None
    facts: AnnualFacts | None = None
    problem: str = ""

    def _sum(self, keep) -> Decimal:
        return sum(
            (e.credits for e in self.rows if as_record(e).counts and keep(e)), Decimal("0.0")
        )

    @property
    def class1_national(self) -> Decimal:
        return self._sum(lambda e: e.credit_class == "I" and e.credit_level == "national")

    @property
    def class1_provincial(self) -> Decimal:
        return self._sum(lambda e: e.credit_class == "I" and e.credit_level != "national")

    @property
    def class1(self) -> Decimal:
        return self.class1_national + self.class1_provincial

    @property
    def class2(self) -> Decimal:
        return self._sum(lambda e: e.credit_class == "II")

    @property
    def total(self) -> Decimal:
        return self.class1 + self.class2

    @property
    def status(self) -> str | None:
        return self.standing.status if self.standing else None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "未判定")

    @property
    def failures(self) -> list[str]:
        return [f.message for f in self.standing.failures] if self.standing else []


def year_policy(person: Person, year: int) -> tuple[Policy | None, str]:
    """The pack the person's city set for the year, or why there is none."""
    if person.unit_id is None:
        return None, "当前不属于任何单位，无法确定适用的政策包"
    pending = credit_year_pending(person.unit, year, "尚不能判定是否达标")
    if pending:
        return None, pending
    try:
        setting = credit_year_of(person.unit, year)
    except DomainError as error:
        return None, error.message
    return get_policy(setting.policy_id), ""


def standing_of(
    policy: Policy,
    year: int,
    rows: list[LedgerEntry],
    facts: AnnualFacts | None,
    *,
    county_level: bool,
    person: Person | None = None,
) -> YearStanding:
    """The annual-compliance rule on the person's rows and facts of the year; the person's and
    the unit's facts (category, title …) choose the pack's values where it has cases."""
    selected = selection.person_facts(
        AnnualPerson(**person_facts(person, county_level=county_level))
    )
    return year_standing(
        policy,
        year,
        [as_record(e) for e in rows],
        exemption=(facts.exemption or None) if facts else None,
        public_subject_hours=(
            Fraction(str(facts.public_subject_hours))
            if facts and facts.public_subject_hours is not None
            else None
        ),
        county_level=county_level,
        facts=selected,
    )


def rows_of(person: Person, year: int):
    return (
        LedgerEntry.objects.filter(person=person, year=year)
        .select_related("person", "unit", "current_office", "certificate")
        .prefetch_related("evidence")
        .order_by("activity_date", "id")
    )


def person_year(person: Person, year: int) -> YearTranscript:
    """One person's year: rows with evidence and trail, sums, and the standing."""
    transcript = YearTranscript(person=person, year=year, rows=list(rows_of(person, year)))
    transcript.facts = AnnualFacts.objects.filter(person=person, year=year).first()
    policy, problem = year_policy(person, year)
    transcript.policy, transcript.problem = policy, problem
    if policy is not None:
        transcript.standing = standing_of(
            policy,
            year,
            transcript.rows,
            transcript.facts,
            county_level=is_county_level(person.unit),
            person=person,
        )
    return transcript


def person_years(person: Person) -> list[int]:
    return sorted(
        set(LedgerEntry.objects.filter(person=person).values_list("year", flat=True)),
        reverse=True,
    )


@dataclass
class UnitCompliance:
    unit: Unit
    year: int
    policy: Policy | None
    problem: str
    people: list[YearTranscript]

    def count(self, status: str) -> int:
        return sum(1 for t in self.people if t.status == status)

    @property
    def rate(self) -> Decimal | None:
        """达标率 over those who count: compliant and exempt over everyone listed."""
        if not self.people:
            return None
        met = self.count("compliant") + self.count("exempt")
        return (Decimal(met) * 100 / len(self.people)).quantize(Decimal("0.1"))


def unit_compliance(unit: Unit, year: int) -> UnitCompliance:
    """Every current member of the unit with their standing for the year, in three queries."""
    people = list(Person.objects.filter(unit=unit).select_related("unit").order_by("name", "id"))
    try:
        policy = get_policy(credit_year_of(unit, year).policy_id)
        problem = ""
    except DomainError as error:
        policy, problem = None, error.message
    rows = defaultdict(list)
    for entry in LedgerEntry.objects.filter(person__in=people, year=year).order_by("id"):
        rows[entry.person_id].append(entry)
    facts = {f.person_id: f for f in AnnualFacts.objects.filter(person__in=people, year=year)}
    county_level = is_county_level(unit) if policy is not None else False
    listed = []
    for person in people:
        transcript = YearTranscript(
            person=person, year=year, rows=rows[person.pk], facts=facts.get(person.pk)
        )
        transcript.policy, transcript.problem = policy, problem
        if policy is not None:
            transcript.standing = standing_of(
                policy,
                year,
                transcript.rows,
                transcript.facts,
                county_level=county_level,
                person=person,
            )
        listed.append(transcript)
    return UnitCompliance(unit=unit, year=year, policy=policy, problem=problem, people=listed)


def credits_text(value: Decimal | Fraction) -> str:
    """Sums are printed with one decimal (rules.md "Rounding")."""
    if isinstance(value, Fraction):
        value = _decimal(value)
    return f"{value:.1f}"
