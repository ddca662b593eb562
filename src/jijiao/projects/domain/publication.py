"""Publication: the office publishes its approved projects as a list for the level and year."""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.projects.domain.telling import tell_published
from jijiao.projects.models import Application, Call, PublicationList, PublishedProject


@transaction.atomic
def publication_publish(*, by, call: Call, title: str = "") -> PublicationList:
    """Publish every approved, not yet published application of the call.

    Side effects: a PublicationList and a PublishedProject per application (the columns of the
    national list; never the PI's phone), one audit entry ``publication.published`` with the
    count; each PI told of their project.
    """
    require(by, "projects.publish", call)
    approved = list(
        Application.objects.filter(call=call, state=Application.State.APPROVED, published=None)
        .select_related("unit", "pi")
        .order_by("number")
    )
    if not approved:
        raise DomainError("没有待公布的已批准项目")
    publication = PublicationList.objects.create(
        level=call.level,
        year=call.year,
        title=title or f"{call.year}年{call.get_level_display()}继续医学教育项目",
        office=call.office,
        published_at=clock.now(),
        published_by=by,
    )
    PublishedProject.objects.bulk_create(
        [
            PublishedProject(
                publication=publication,
                application=a,
                level=call.level,
                year=call.year,
                number=a.number,
                name=a.name,
                host_name=a.unit.name,
                host=a.unit,
                leader_name=a.pi.name,
                venue=a.venue,
                credits=(a.figures or {}).get("credits") or a.requested_credits,
                audience=a.target_trainees,
                enrollment=a.enrollment_per_session,
                note=f"共 {a.sessions} 期" if a.sessions and a.sessions > 1 else "",
                discipline=a.discipline,
            )
            for a in approved
        ]
    )
    record(
        "publication.published",
        actor=by,
        obj=publication,
        data={"call": call.pk, "count": len(approved)},
    )
    tell_published(publication, approved)
    return publication
