"""Seed the sign-in benchmark's throw-away database: a filed session under way now with its
sign-in time open, ``N`` registered trainees, and a logged-in browser session for each (in the
database and in the cache, as a login leaves it).

Run as ``python -m bench.signin_seed N`` with the benchmark's environment; prints JSON
``{"session": id, "cookie": name, "keys": [...]}``. ``python -m bench.signin_seed --restamp``
marks every browser session active now (as a trainee who was on the site within the minute),
so a run measures the steady state, not the once-a-minute stamp of every trainee at once. The
keys are the cookies' values (``<key>.<version>``, as ``jijiao.common.sessions`` sets them), and
the restamp keeps each session's version: the cookies in the load script stay current.
"""

import datetime as dt
import json
import os
import sys
import tempfile


def restamp() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.signin_settings")
    import django

    django.setup()
    from django.contrib.sessions.backends.cached_db import SessionStore as Unnumbered
    from django.contrib.sessions.models import Session
    from django.db import transaction

    from jijiao.common import clock
    from jijiao.common.sessions import SessionStore
    from jijiao.orgs.middleware import LAST_SEEN_KEY

    with transaction.atomic():
        for key in Session.objects.values_list("session_key", flat=True):
            store = SessionStore(key)
            store[LAST_SEEN_KEY] = clock.now().isoformat()
            Unnumbered.save(store)  # the same version: the browser's cookie stays current
    return 0


def main() -> int:
    if sys.argv[1] == "--restamp":
        return restamp()
    count = int(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.signin_settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jijiao.attendance.domain.registrations import window_add
    from jijiao.attendance.models import Registration
    from jijiao.common import clock
    from jijiao.common.sessions import SessionStore
    from jijiao.hosting.domain.filing import filing_attach_scan, filing_submit
    from jijiao.hosting.domain.sessions import session_create
    from jijiao.orgs.models import Account, Division, Person, RoleAssignment, Unit
    from jijiao.orgs.synthetic import synthetic_id_number
    from jijiao.projects.models import PublicationList, PublishedProject

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="jijiao-bench-media-")
    now = clock.now()
    division = Division.objects.get(code="330302")
    office = Unit.objects.create(name="温州市继教办", kind="office", division=division)
    hospital = Unit.objects.create(name="温州市第一人民医院", kind="hospital", division=division)

    def account(username: str, person=None, role="trainee", unit=hospital) -> Account:
        user = Account.objects.create_user(
            username=username, password="Bench@pass123", person=person, password_changed_at=now
        )
        RoleAssignment.objects.create(account=user, role=role, unit=unit, granted_at=now)
        return user

    host = account("bench_host", role="unit_admin")
    office_account = account("bench_office", role="city_office", unit=office)
    publication = PublicationList.objects.create(
        level="national",
        year=now.year,
        title="bench",
        office=office,
        published_at=now,
        published_by=office_account,
        imported=True,
    )
    project = PublishedProject.objects.create(
        publication=publication,
        level="national",
        year=now.year,
        number=f"{now.year}-03-01-001（国）",
        name="心力衰竭诊疗进展学习班",
        host_name=hospital.name,
        host=hospital,
        leader_name="张建华",
        enrollment=count,
        discipline="03-01",
    )
    session = session_create(
        by=host,
        project=project,
        policy_id="national-2024",
        fields={
            "starts_at": now - dt.timedelta(hours=1),
            "ends_at": now + dt.timedelta(hours=8),
            "venue": "本院学术报告厅",
            "format": "offline",
            "days": 1,
            "capacity": count,
        },
    )
    pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%%EOF\n")
    filing_attach_scan(by=host, session=session, upload=pdf)
    filing_submit(by=host, session=session)
    window_add(
        by=host,
        session=session,
        kind="in",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=2),
    )
    # Bulk, with one password hash for all: the bench measures the sign-in, not the seeding.
    password = make_password("Bench@pass123")
    people = []
    for index in range(count):
        person = Person(name=f"学员{index}", unit=hospital, specialty="03-01")
        person.set_id_number(
            synthetic_id_number(
                "330302",
                dt.date(1985, 1, 1) + dt.timedelta(days=index // 500),
                index % 500,
                female=False,
            )
        )
        people.append(person)
    people = Person.objects.bulk_create(people)
    users = Account.objects.bulk_create(
        Account(
            username=f"bench_{index:05d}",
            password=password,
            person=person,
            password_changed_at=now,
        )
        for index, person in enumerate(people)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(account=user, role="trainee", unit=hospital, granted_at=now)
        for user in users
    )
    Registration.objects.bulk_create(
        Registration(session=session, person=person, registered_at=now, registered_by=user)
        for person, user in zip(people, users, strict=True)
    )
    keys = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "jijiao.orgs.auth.LockoutAwareBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store["last_seen"] = clock.now().isoformat()
        store.create()
        keys.append(f"{store.session_key}.{store.version}")
    print(json.dumps({"session": session.pk, "cookie": settings.SESSION_COOKIE_NAME, "keys": keys}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
