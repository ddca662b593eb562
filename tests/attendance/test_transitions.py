"""A registration is cancelled once: cancelling it again refuses, in Chinese and naming the
state it is in; nothing changes."""

from jijiao.attendance.domain.registrations import registration_cancel
from jijiao.attendance.models import Registration
from tests.factories.attendance import RegistrationFactory
from tests.factories.hosting import SessionFactory
from tests.factories.projects import PublishedProjectFactory
from tests.refusals import refused


def test_a_cancelled_registration_is_not_cancelled_again(
    city_hospital, hospital_admin, pi_zhang_person, pi_zhang
):
    session = SessionFactory(
        project=PublishedProjectFactory(host=city_hospital),
        created_by=hospital_admin,
        state="accepted",
    )
    registration = RegistrationFactory(
        session=session,
        person=pi_zhang_person,
        registered_by=pi_zhang,
        state=Registration.State.CANCELLED,
        cancel_reason="临时有手术",
    )
    for by, reason in [(pi_zhang, ""), (hospital_admin, "重复报名")]:
        refused(
            lambda by=by, reason=reason: registration_cancel(
                by=by, registration=registration, reason=reason
            ),
            registration,
            "已取消",
        )
    assert Registration.objects.get(pk=registration.pk).cancel_reason == "临时有手术"
