"""Task functions run by the background worker (``samskap worker`` / ``db_worker``)."""

from __future__ import annotations

import json

from django.utils import timezone
from django_tasks import task

from samskap.audit.models import AuditEntry
from samskap.jobs.models import Job
from samskap.lib.spreadsheet import csv_for_excel

AUDIT_COLUMNS = ["when", "who", "action", "object_type", "object_id", "object", "reason",
                 "before", "after"]


def _run(job_id: int, work) -> None:  # type: ignore[no-untyped-def]
    job = Job.objects.select_related("municipality").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING)
    try:
        name, content_type, data = work(job)
    except Exception as error:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), message=type(error).__name__
        )
        raise
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE, finished_at=timezone.now(), output=data,
        output_name=name, output_type=content_type,
    )


def audit_log_csv(job: Job) -> tuple[str, str, bytes]:
    """The municipality's whole audit log as CSV for spreadsheets."""
    entries = AuditEntry.objects.for_municipality(job.municipality).order_by("created_at", "id")
    rows = (
        [
            entry.created_at.isoformat(), entry.actor.email if entry.actor else "",
            entry.action, entry.object_type, entry.object_id, entry.object_repr, entry.reason,
            # JSON, not Python's repr, so other tools can read the values back.
            json.dumps(entry.before, ensure_ascii=False, sort_keys=True),
            json.dumps(entry.after, ensure_ascii=False, sort_keys=True),
        ]
        for entry in entries.iterator(chunk_size=1000)
    )
    name = f"audit-{job.municipality.number}-{timezone.localdate():%Y%m%d}.csv"
    return name, "text/csv; charset=utf-8", csv_for_excel(AUDIT_COLUMNS, rows)


@task()
def export_audit_log(job_id: int) -> None:
    _run(job_id, audit_log_csv)
