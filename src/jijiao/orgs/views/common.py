"""The unit a unit admin works in, for the views of every area that a unit admin uses."""

from django.http import Http404

from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit


def admin_unit_or_none(request) -> Unit | None:
    """The unit a unit admin works in (the first, when they administer several)."""
    unit_ids = sorted(roles.role_unit_ids(request.user, Role.UNIT_ADMIN))
    if not unit_ids:
        return None
    wanted = request.GET.get("unit") or request.POST.get("unit")
    if wanted and wanted.isdigit() and int(wanted) in unit_ids:
        return Unit.objects.get(pk=int(wanted))
    return Unit.objects.get(pk=unit_ids[0])


def admin_unit(request) -> Unit:
    unit = admin_unit_or_none(request)
    if unit is None:
        raise Http404("不是单位管理员")
    return unit
