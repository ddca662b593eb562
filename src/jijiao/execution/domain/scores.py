"""The automatic execution score (seed 001 附件4) of national projects' sessions and projects.

The score is the ``execution-score`` precheck of the session's pack on the document built from
the records (facts.py): the rubric is never written twice. A project's score is the same
precheck over all its scored sessions (the rule takes the mean).

When it is recomputed: every domain function of this app that changes an input calls
:func:`score_recompute_for_session` (report saved, materials, submission, review, evaluation
answers). Inputs owned by other apps — the filing and its recorded changes (hosting), the
attendance and its corrections — are read afresh whenever the score page is opened and when the
report is submitted or reviewed; the stored score says when it was computed. Nothing is written
when the facts and the pack are unchanged.
"""

import hashlib

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import require
from jijiao.engine.packs.model import canonical_json
from jijiao.engine.precheck import run_precheck
from jijiao.execution.facts import report_of, score_documents
from jijiao.execution.models import ProjectScore, SessionScore
from jijiao.hosting.models import Session
from jijiao.policy.access import get_policy, policy_for_decision, resolver
from jijiao.projects.models import PublishedProject


def scoreable(session: Session) -> bool:
    """National projects (附件4 is the national rubric) whose pack has the rubric, once the
    session is over or reported."""
    if session.project.level != "national":
        return False
    if get_policy(session.policy_id).get("scoring") is None:
        return False
    return clock.now() >= session.ends_at or report_of(session) is not None


def _digest(*parts) -> str:
    return hashlib.sha256(canonical_json(list(parts)).encode()).hexdigest()


@transaction.atomic
def score_recompute_for_session(*, session: Session, by=None, rows=None) -> SessionScore | None:
    """Compute the session's score from the records as they stand, and its project's mean.

    ``by`` is the account that opened the score page (it must see the session), or ``None``
    when another domain function of this app that has checked its own permission asks for it.
    ``rows`` may pass an eligibility list the caller already has.

    Side effects, only when the facts or the pack changed: the SessionScore written with the
    facts, the items, the pack id and content hash (the pack pinned by policy_for_decision);
    the ProjectScore of the project recomputed; audit ``execution.score_computed`` with the old
    and new totals. A session that is no longer scoreable loses its stored score.
    """
    if by is not None:
        require(by, "execution.view_report", session)
    existing = SessionScore.objects.select_for_update().filter(session=session).first()
    if not scoreable(session):
        if existing is not None:
            existing.delete()
            project_score_recompute(session.project)
        return None
    project_doc, session_doc = score_documents(session, rows)
    policy = get_policy(session.policy_id)
    digest = _digest(project_doc, session_doc, policy.content_hash)
    if existing is not None and existing.inputs_hash == digest:
        return existing
    policy = policy_for_decision(session.policy_id, used_by=f"执行评分:{session.pk}")
    outcome = run_precheck(
        "execution-score",
        policy.id,
        {"project": project_doc, "sessions": [session_doc]},
        resolver=resolver,
    )
    scored = outcome["result"]["sessions"][0]
    before = str(existing.total) if existing is not None else None
    score = existing or SessionScore(session=session)
    score.mode = outcome["result"]["mode"]
    score.total = scored["total"]
    score.items = scored["items"]
    score.facts = session_doc
    score.project_facts = project_doc
    score.policy_id = policy.id
    score.policy_hash = policy.content_hash
    score.inputs_hash = digest
    score.computed_at = clock.now()
    score.save()
    score.refresh_from_db()
    project_score = project_score_recompute(session.project)
    record(
        "execution.score_computed",
        actor=by,
        obj=score,
        data={
            "before": before,
            "after": str(score.total),
            "items": score.items,
            "project_total": str(project_score.total) if project_score else None,
            "policy": policy.id,
            "policy_hash": policy.content_hash,
        },
    )
    return score


def project_score_recompute(project: PublishedProject) -> ProjectScore | None:
    """The project's score: the rubric over every scored session (called from
    :func:`score_recompute_for_session`, inside its transaction). The pack is the first
    session's. Side effects: the ProjectScore written, or deleted when no session is scored."""
    scores = list(
        SessionScore.objects.filter(session__project=project).order_by(
            "session__sequence", "session_id"
        )
    )
    if not scores:
        ProjectScore.objects.filter(project=project).delete()
        return None
    first = scores[0]
    outcome = run_precheck(
        "execution-score",
        first.policy_id,
        {"project": first.project_facts, "sessions": [s.facts for s in scores]},
        resolver=resolver,
    )
    found, _created = ProjectScore.objects.update_or_create(
        project=project,
        defaults={
            "year": project.year,
            "mode": outcome["result"]["mode"],
            "total": outcome["result"]["total"],
            "sessions": len(scores),
            "policy_id": first.policy_id,
            "policy_hash": first.policy_hash,
            "computed_at": clock.now(),
        },
    )
    found.refresh_from_db()
    return found


def scores_recompute(*, by, sessions) -> int:
    """Recompute every given session the user sees (an office refreshing its ranking after
    filings or attendance changed elsewhere); each session in its own transaction. Returns how
    many scores changed. Side effects: those of :func:`score_recompute_for_session`."""
    changed = 0
    for session in sessions:
        before = SessionScore.objects.filter(session=session).values_list("inputs_hash").first()
        score = score_recompute_for_session(session=session, by=by)
        after = (score.inputs_hash,) if score is not None else None
        changed += before != after
    return changed
