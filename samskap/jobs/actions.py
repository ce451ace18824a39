"""Starting background jobs."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samskap.jobs import tasks
from samskap.jobs.models import Job
from samskap.municipalities.models import Municipality

TASKS = {Job.Kind.AUDIT_EXPORT: tasks.export_audit_log}


def start_job(municipality: Municipality, kind: str, user: Any) -> Job:
    """Record a job and queue its task once the row is committed."""
    with transaction.atomic():
        job = Job.objects.create(municipality=municipality, kind=kind, started_by=user)

    result = TASKS[Job.Kind(kind)].enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    return job
