"""Reads of the credits area and the visibility query per role.

Detail pages fetch through :func:`entries_for_user` and answer 404 outside it: "not yours" and
"does not exist" look the same.
"""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from jijiao.common.replica import report_database
from jijiao.credits.chain import STATUS_OF_STAGE
from jijiao.credits.models import REMOTE_SOURCE, Certificate, ComplianceSummary, LedgerEntry
from jijiao.credits.permissions import STAGE_ROLE
from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit


def entries_for_user(user) -> QuerySet[LedgerEntry]:
    """A person sees their own rows; a unit admin the rows of the unit's people and the rows
    the unit entered and reviewed for people since transferred away; a department admin the
    rows of the department's people; an office the rows of its jurisdiction (by the person's
    unit or the unit the row was entered at)."""
    if not getattr(user, "is_authenticated", False):
        return LedgerEntry.objects.none()
    q = Q(person_id=user.person_id) if user.person_id else Q(pk__in=[])
    admin_units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if admin_units:
        q |= Q(person__unit_id__in=admin_units) | Q(unit_id__in=admin_units)
    departments = roles.role_department_ids(user, Role.DEPARTMENT_ADMIN)
    if departments:
        q |= Q(person__department_id__in=departments) | Q(entered_by=user)
    offices = roles.office_ids(user)
    if offices:
        q |= roles.jurisdiction_q(offices, prefix="person__unit__")
        q |= roles.jurisdiction_q(offices, prefix="unit__")
        q |= Q(current_office_id__in=offices)
    return LedgerEntry.objects.filter(q).select_related("person", "unit", "current_office")


def review_queue_for_user(user) -> QuerySet[LedgerEntry]:
    """Rows waiting at one of the account's offices (or units), at that office's stage."""
    q = Q(pk__in=[])
    for stage, role in STAGE_ROLE.items():
        units = roles.role_unit_ids(user, role)
        if units:
            q |= Q(status=STATUS_OF_STAGE[stage], current_office_id__in=units)
    return (
        LedgerEntry.objects.filter(q, valid=True)
        .select_related("person", "person__unit", "current_office", "certificate")
        .prefetch_related("evidence")
        .order_by("entered_at", "id")
    )


def returned_for_user(user) -> QuerySet[LedgerEntry]:
    """Returned rows waiting for the account to correct and resubmit."""
    q = Q(entered_by=user)
    if user.person_id:
        q |= Q(person_id=user.person_id, source=LedgerEntry.Source.PERSONAL)
    return LedgerEntry.objects.filter(q, status=LedgerEntry.Status.RETURNED, valid=True).order_by(
        "-entered_at"
    )


def certificate_by_code(code: str) -> Certificate | None:
    """The public lookup: exactly one code, never a list."""
    if not code or len(code) > 32:
        return None
    return (
        Certificate.objects.select_related(
            "entry", "entry__void_decision__office", "person", "person__unit"
        )
        .filter(code=code)
        .first()
    )


def remote_entries_of_provider(provider: Unit) -> QuerySet[LedgerEntry]:
    """Every row a remote provider's courses produced, whichever city approves it."""
    return LedgerEntry.objects.filter(
        source_type=REMOTE_SOURCE, source_id__startswith=f"{provider.pk}:"
    )


def compliance_summaries(year: int, units: Iterable | None = None) -> QuerySet[ComplianceSummary]:
    """The year's compliance summaries — one row per person: ``status`` (``compliant``,
    ``noncompliant``, ``exempt``, or empty when no standing can be given, with ``problem``
    saying why), ``class1_national``, ``class1_provincial``, ``class2``, ``total``,
    ``remote_class1``, ``remote_share`` and ``short`` (the failing rules, code and message).

    ``units`` (units or ids) keeps the people whose unit is among them, as of the summary's last
    computation (a transfer recomputes it). The rows are the annual-compliance rule's own
    standing, kept current in the background (``credits.summaries``); read them for lists and
    charts instead of computing each person. No visibility filter: callers pass the units the
    reader may see. Read from the replica when one is configured (``common.replica``)."""
    rows = ComplianceSummary.objects.using(report_database()).filter(year=year)
    if units is not None:
        rows = rows.filter(unit_id__in=[getattr(u, "pk", u) for u in units])
    return rows


def compliance_counts(year: int, units: Iterable | None = None) -> dict[int | None, dict[str, int]]:
    """``{unit id: {status: people}}`` of the year's summaries (status ``""``: undecided)."""
    counts: dict[int | None, dict[str, int]] = {}
    rows = compliance_summaries(year, units).values("unit_id", "status").annotate(n=Count("pk"))
    for row in rows.order_by():
        counts.setdefault(row["unit_id"], {})[row["status"]] = row["n"]
    return counts
