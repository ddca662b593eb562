"""Pure rules of the learning progress (seed 001: "严禁视频课程随意拖拽、快进、多个课程同时学习"):
how far a reported position may move, and the watched ranges of a video. No Django here.

A position may advance only as fast as real time passes on the server's clock. The player's
``lead`` — how far its position has run ahead of the real time since it started playing —
may reach a small tolerance (two requests in flight can arrive closer together than they were
sent) but never more, so a player cannot gain the tolerance again at every heartbeat. A
silence longer than :data:`MAX_GAP_SECONDS` is not credited. A refused move past the furthest
position watched is fast-forwarding up to the fastest rate a browser plays (16×) and a jump of
the progress bar beyond that. Moving back, or forward inside what was already watched, is
allowed but credits nothing new.
"""

from dataclasses import dataclass

TOLERANCE_SECONDS = 3.0
# A player reports at least this often while playing; a longer silence is not credited.
MAX_GAP_SECONDS = 60.0
# Browsers refuse playbackRate above 16; a faster advance can only be a seek.
MAX_PLAYBACK_RATE = 16.0

OK = "ok"
SEEK_AHEAD = "seek_ahead"
FAST_FORWARD = "fast_forward"
GAP = "gap"


@dataclass(frozen=True)
class Motion:
    """The verdict on one reported position: ``reason`` is ``ok`` or why it is refused;
    ``credit_from`` is where the watched range starts when the move is real-time playing;
    ``lead`` is the player's lead over real time after the move."""

    reason: str
    lead: float = 0.0
    credit_from: float | None = None

    @property
    def accepted(self) -> bool:
        return self.reason == OK


def judge_motion(
    *, last: float, furthest: float, position: float, elapsed: float, lead: float = 0.0
) -> Motion:
    """Judge a move from ``last`` (the last accepted position) to ``position`` after
    ``elapsed`` seconds of real time, given the ``furthest`` position watched so far and the
    player's ``lead`` before the move."""
    elapsed = max(elapsed, 0.0)
    advance = position - last
    new_lead = max(0.0, lead + advance - min(elapsed, MAX_GAP_SECONDS))
    if advance > 0 and new_lead <= TOLERANCE_SECONDS:
        return Motion(OK, lead=round(new_lead, 3), credit_from=last)
    if advance <= 0:
        return Motion(OK, lead=round(max(0.0, lead - elapsed), 3))
    if position <= furthest + TOLERANCE_SECONDS:
        # Forwards within what was already watched: allowed, credits nothing.
        return Motion(OK)
    if elapsed > MAX_GAP_SECONDS and advance <= elapsed + TOLERANCE_SECONDS:
        return Motion(GAP, lead=lead)
    if advance <= elapsed * MAX_PLAYBACK_RATE:
        return Motion(FAST_FORWARD, lead=lead)
    return Motion(SEEK_AHEAD, lead=lead)


def merge(covered: list[list[float]], start: float, end: float) -> list[list[float]]:
    """The watched ranges with ``[start, end]`` added, sorted and merged."""
    ranges = sorted([*([a, b] for a, b in covered), [start, end]])
    merged: list[list[float]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [[round(a, 3), round(b, 3)] for a, b in merged]


def covered_seconds(covered: list[list[float]]) -> float:
    return round(sum(b - a for a, b in covered), 3)
