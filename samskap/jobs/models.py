"""Background jobs started by staff, and what they produced.

The queue itself is django-tasks' database backend (``django_tasks_db``); a ``Job`` row ties a
queued task to the person and municipality that started it, so they can follow it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet["Job"]):
    def visible_to(self, user: object, municipality: object) -> JobQuerySet:
        """Staff see the jobs they started themselves."""
        return self.filter(municipality=municipality, started_by=user)


class Job(models.Model):
    class Kind(models.TextChoices):
        AUDIT_EXPORT = "audit_export", _("Export of the audit log")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="jobs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="jobs"
    )
    kind = models.CharField(_("job"), max_length=40, choices=Kind.choices)
    task_result_id = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    output = models.BinaryField(blank=True, default=b"")
    output_name = models.CharField(max_length=200, blank=True)
    output_type = models.CharField(max_length=100, blank=True)
    message = models.TextField(_("message"), blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", kwargs={"number": self.municipality.number, "pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
