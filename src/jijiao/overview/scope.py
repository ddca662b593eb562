"""Whose figures a page shows: the units an account may look at (an office's jurisdiction, a
unit admin's own unit), narrowed by the address to a division, a unit or a department, and
how the figures of that scope are grouped one level down (division → unit → department)."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404

from jijiao.common import clock
from jijiao.orgs import roles
from jijiao.orgs.models import Department, Division, Role, Unit

OFFICE_WORDS = {"province": "省", "city": "市", "county": "区县"}


@dataclass
class Group:
    """One bar of a chart: a division, a unit or a department of the scope."""

    key: str
    label: str
    url_params: dict


@dataclass
class Scope:
    year: int
    units: list[Unit]
    office: Unit | None = None
    division: Division | None = None
    unit: Unit | None = None
    department: Department | None = None
    breadcrumbs: list[tuple[str, dict]] = field(default_factory=list)
    # division code → the group (child division) it belongs to, for grouping by division
    _division_group: dict[str, Division] = field(default_factory=dict)
    _unit_index: tuple[list[Unit], dict[int, Unit]] | None = field(default=None, repr=False)

    @property
    def unit_ids(self) -> list[int]:
        return [u.pk for u in self.units]

    @property
    def title(self) -> str:
        if self.department is not None:
            return f"{self.unit.name} {self.department.name}"
        if self.unit is not None:
            return self.unit.name
        if self.division is not None:
            return self.division.name
        return self.office.name if self.office else "本单位"

    @property
    def grouping(self) -> str:
        """What the bars are: ``division``, ``unit``, ``department`` or ``person``."""
        if self.department is not None:
            return "person"
        if self.unit is not None:
            return "department"
        if self._division_group:
            return "division"
        return "unit"

    @property
    def grouping_label(self) -> str:
        return {"division": "区划", "unit": "单位", "department": "科室", "person": "人员"}[
            self.grouping
        ]

    def params(self, **extra) -> dict:
        """The address parameters of this scope (and the year), with ``extra`` on top."""
        found: dict = {"year": self.year}
        if self.department is not None:
            found["department"] = self.department.pk
        if self.unit is not None:
            found["unit"] = self.unit.pk
        elif self.division is not None:
            found["division"] = self.division.code
        found.update({k: v for k, v in extra.items() if v not in (None, "")})
        return found

    def query(self, **extra) -> str:
        return urlencode(self.params(**extra))

    def group_of_unit(self, unit: Unit) -> Group:
        if self.grouping == "division":
            division = self._division_group[unit.division_id]
            return Group(
                division.code, division.name, {"year": self.year, "division": division.code}
            )
        return Group(str(unit.pk), unit.name, {"year": self.year, "unit": unit.pk})

    def group_of_department(self, department_id: int | None, name: str) -> Group:
        key = str(department_id or "")
        params = {"year": self.year, "unit": self.unit.pk, "department": department_id or 0}
        return Group(key, name or "未分科室", params)

    def group_key_of_unit_id(self, unit_id: int) -> str:
        unit = self._units_by_id.get(unit_id)
        return self.group_of_unit(unit).key if unit else ""

    @property
    def _units_by_id(self) -> dict[int, Unit]:
        # Kept while the units stay the same list: a figure asks once per person or cell.
        if self._unit_index is None or self._unit_index[0] is not self.units:
            self._unit_index = (self.units, {u.pk: u for u in self.units})
        return self._unit_index[1]

    def groups(self) -> list[Group]:
        """Every group of the scope, also those without figures (so a lagging unit shows)."""
        if self.grouping in ("division", "unit"):
            seen: dict[str, Group] = {}
            for unit in self.units:
                group = self.group_of_unit(unit)
                seen.setdefault(group.key, group)
            return sorted(
                seen.values(), key=lambda g: g.key if self.grouping == "division" else g.label
            )
        if self.grouping == "department":
            departments = Department.objects.filter(unit=self.unit).order_by("name")
            return [self.group_of_department(d.pk, d.name) for d in departments] + [
                self.group_of_department(None, "未分科室")
            ]
        return []


def default_year() -> int:
    return clock.today().year - 1


def year_param(request) -> int:
    raw = request.GET.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2099 else default_year()


def _visible_units(user) -> tuple[list[Unit], Unit | None]:
    """The units the account may see figures of, and its office (``None`` for a unit admin)."""
    offices = roles.office_ids(user)
    if offices:
        office = (
            Unit.objects.filter(pk__in=offices).select_related("division").order_by("pk").first()
        )
        units = (
            roles.units_in_jurisdiction(offices)
            .exclude(kind=Unit.Kind.OFFICE)
            .select_related("division")
            .order_by("name")
        )
        return list(units), office
    admin_units = roles.role_unit_ids(user, Role.UNIT_ADMIN)
    if admin_units:
        units = Unit.objects.filter(pk__in=admin_units).select_related("division").order_by("name")
        return list(units), None
    raise PermissionDenied("只有卫生健康行政部门/继教办和单位科教科可以查看统计概览")


def _children_grouping(units: list[Unit], top: Division) -> dict[str, Division]:
    """Each unit's division code → the division right below ``top`` that holds it; empty when
    the units do not spread over two or more such divisions (then the bars are units)."""
    # GB/T 2260: the divisions under ``top`` share its code's leading digits; all of them are
    # read only when a unit's division is filed elsewhere.
    prefix = top.code.rstrip("0") or top.code
    parents = {d.code: d for d in Division.objects.filter(code__startswith=prefix[:2])}
    if any(unit.division_id not in parents for unit in units):
        parents = {d.code: d for d in Division.objects.all()}
    found: dict[str, Division] = {}
    for unit in units:
        code = unit.division_id
        current = parents.get(code)
        while current is not None and current.parent_id not in (None, top.code):
            current = parents.get(current.parent_id)
        if current is None or current.parent_id != top.code:
            return {}
        found[code] = current
    return found if len(set(d.code for d in found.values())) > 1 else {}


def scope_for(request) -> Scope:
    """The scope the address asks for, within what the account may see (403 / 404 outside)."""
    units, office = _visible_units(request.user)
    scope = Scope(year=year_param(request), units=units, office=office)
    home = {"year": scope.year}
    scope.breadcrumbs.append(
        (office.name if office else units[0].name if units else "本单位", home)
    )
    top = office.division if office is not None else None
    code = request.GET.get("division") or ""
    unit_id = request.GET.get("unit") or ""
    if office is None and len(units) == 1 and not unit_id:
        unit_id = str(units[0].pk)  # a unit admin's page is their unit's, by department
    if code and not unit_id:
        division = Division.objects.filter(code=code).first()
        if division is None:
            raise Http404("没有该区划")
        under = roles.division_ids_under(code)
        scope.units = [u for u in units if u.division_id in under]
        if not scope.units:
            raise Http404("该区划内没有可查看的单位")
        scope.division = division
        scope.breadcrumbs.append((division.name, {"year": scope.year, "division": code}))
        top = division
    if unit_id:
        unit = next((u for u in units if str(u.pk) == unit_id), None)
        if unit is None:
            raise Http404("没有可查看的该单位")
        scope.units = [unit]
        scope.unit = unit
        if len(units) > 1:
            scope.breadcrumbs.append((unit.name, {"year": scope.year, "unit": unit.pk}))
        department_id = request.GET.get("department") or ""
        if department_id.isdigit() and int(department_id):
            scope.department = Department.objects.filter(unit=unit, pk=department_id).first()
            if scope.department is None:
                raise Http404("没有该科室")
            scope.breadcrumbs.append(
                (
                    scope.department.name,
                    {"year": scope.year, "unit": unit.pk, "department": department_id},
                )
            )
        elif department_id == "0":
            scope.department = Department(pk=0, unit=unit, name="未分科室")
            scope.breadcrumbs.append(
                ("未分科室", {"year": scope.year, "unit": unit.pk, "department": 0})
            )
        return scope
    if top is not None and len(scope.units) > 1:
        scope._division_group = _children_grouping(scope.units, top)
    return scope
