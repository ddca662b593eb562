"""What the jobs app tells the apps above it. The jobs app sits below notifications (every
app's tasks use it), so it does not call them: it sends ``job_finished`` and the notifications
app, which may import jobs, tells the person (``notifications.receivers``)."""

from django.dispatch import Signal

# Sent with ``job`` once a job has reached its end state (done, refused or failed), inside the
# transaction that records it: a receiver's writes commit or roll back with it.
job_finished = Signal()
