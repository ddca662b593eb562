"""The workbench items of attendance: a trainee's coming sessions with their sign-in times."""

from django.db.models import Prefetch
from django.urls import reverse

from jijiao.attendance.models import CheckWindow, Kind, Registration
from jijiao.attendance.queries import registrations_for_user
from jijiao.common import clock
from jijiao.common.todo import Todo


def todos_for(user, now) -> list[Todo]:
    coming = (
        registrations_for_user(user)
        .filter(state=Registration.State.REGISTERED, session__ends_at__gte=now)
        .prefetch_related(
            Prefetch(
                "session__windows",
                queryset=CheckWindow.objects.order_by("opens_at"),
                to_attr="ordered_windows",
            )
        )
        .order_by("session__starts_at", "pk")[:50]
    )
    items = []
    for registration in coming:
        session = registration.session
        sign_in = [w for w in session.ordered_windows if w.kind == Kind.SIGN_IN]
        times = (
            "，签到 "
            + "、".join(
                f"{clock.local(w.opens_at):%m-%d %H:%M}–{clock.local(w.closes_at):%H:%M}"
                for w in sign_in
            )
            if sign_in
            else "，签到时间待主办方公布"
        )
        items.append(
            Todo(
                kind="已报名的培训",
                title=f"“{session.project.name}”第 {session.sequence} 期"
                f"（{clock.local(session.starts_at):%m-%d %H:%M}，{session.venue}）{times}",
                url=reverse("attendance:home"),
                deadline=session.starts_at,
                note="开始",
            )
        )
    return items
