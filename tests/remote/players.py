"""A learner's player driven from tests: heartbeats through the domain, in frozen time."""

from jijiao.remote.domain.progress import heartbeat_record, presence_answer


class Player:
    """Sends heartbeats for one video with a growing sequence number; ``clock`` is a
    time-machine traveller moved by ``after`` seconds before each heartbeat."""

    def __init__(self, account, video, clock, *, person=None, via="player"):
        self.account = account
        self.person = person or account.person
        self.video = video
        self.clock = clock
        self.via = via
        self.seq = 0

    def beat(self, position, state="playing", *, after=0, seq=None):
        self.clock.shift(after)
        if seq is None:
            self.seq += 1
            seq = self.seq
        return heartbeat_record(
            by=self.account,
            person=self.person,
            video=self.video,
            seq=seq,
            position=position,
            state=state,
            via=self.via,
        )

    def play(self, start, end, step=10):
        """Play from ``start`` to ``end`` in real time, a heartbeat every ``step`` seconds."""
        outcome = None
        for position in range(start + step, end + 1, step):
            outcome = self.beat(position, after=step)
            assert outcome.accepted, outcome.message
        return outcome

    def watch_all(self, step=10):
        """Watch the whole video in real time, answering every presence check at once."""
        outcome = self.beat(0)
        position = 0
        end = self.video.duration_seconds
        while position < end:
            position = min(position + step, end)
            outcome = self.beat(position, after=step)
            assert outcome.accepted, outcome.message
            if outcome.presence is not None:
                presence_answer(
                    by=self.account, check=outcome.presence, answer=outcome.presence.challenge
                )
        return self.beat(end, "ended", after=1)
