"""Which roles an account holds, and over which organisations. Cached per request on the user."""

from django.db.models import Q, QuerySet

from jijiao.orgs.models import OFFICE_ROLES_SET, Division, Role, RoleAssignment, Unit

_CACHE_ATTR = "_jijiao_roles"


def active_roles(user) -> list[RoleAssignment]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(account=user, active=True).select_related(
                "unit", "department"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user, *roles: str) -> bool:
    return any(a.role in roles for a in active_roles(user))


def role_unit_ids(user, *roles: str) -> set[int]:
    return {a.unit_id for a in active_roles(user) if a.role in roles and a.unit_id}


def role_department_ids(user, *roles: str) -> set[int]:
    return {a.department_id for a in active_roles(user) if a.role in roles and a.department_id}


def office_ids(user) -> set[int]:
    return role_unit_ids(user, *OFFICE_ROLES_SET)


def jurisdiction_q(office_ids_: set[int], prefix: str = "") -> Q:
    """Units an office supervises, directly or through the offices below it (up to 3 levels)."""
    q = Q(**{f"{prefix}pk__in": office_ids_})
    chain = f"{prefix}supervisor"
    for _ in range(3):
        q |= Q(**{f"{chain}__in": office_ids_})
        chain += "__supervisor"
    return q


def units_in_jurisdiction(office_ids_: set[int]) -> QuerySet[Unit]:
    if not office_ids_:
        return Unit.objects.none()
    return Unit.objects.filter(jurisdiction_q(office_ids_))


def office_covers_unit(user, unit: Unit | None) -> bool:
    if unit is None:
        return False
    offices = office_ids(user)
    if not offices:
        return False
    current, depth = unit, 0
    while current is not None and depth <= 3:
        if current.pk in offices:
            return True
        current, depth = current.supervisor, depth + 1
    return False


def roles_summary(user) -> list[str]:
    return [str(a) for a in active_roles(user)]


def is_role(value: str) -> bool:
    return value in Role.values


def role_units(user, *roles_: str) -> list[Unit]:
    return [a.unit for a in active_roles(user) if a.role in roles_ and a.unit_id]


def division_ids_under(division_code: str) -> set[str]:
    """A division and every division below it (province → cities → counties)."""
    found, frontier = {division_code}, {division_code}
    while frontier:
        frontier = (
            set(Division.objects.filter(parent_id__in=frontier).values_list("code", flat=True))
            - found
        )
        found |= frontier
    return found
