"""The staff's own background jobs: status and download."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samskap.core.access import get_municipality, require
from samskap.jobs import actions
from samskap.jobs.models import Job


@require_GET
def job_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_jobs", municipality)
    jobs = (Job.objects.visible_to(request.user, municipality)
            .select_related("municipality").defer("output")[:50])
    template = "jobs/job_list.html#job-table" if request.htmx else "jobs/job_list.html"  # type: ignore[attr-defined]
    running = any(not job.is_finished for job in jobs)
    # WCAG 2.2.2: automatic updates can be stopped (?poll=0) and started again.
    paused = request.GET.get("poll") == "0"
    return render(request, template, {"municipality": municipality, "jobs": jobs,
                                      "running": running, "polling": running and not paused})


@require_GET
def job_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_jobs", municipality)
    job = get_object_or_404(Job.objects.visible_to(request.user, municipality).defer("output"),
                            pk=pk)
    return render(request, "jobs/job_detail.html", {"municipality": municipality, "job": job})


@require_GET
def job_download(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_jobs", municipality)
    job = get_object_or_404(Job.objects.visible_to(request.user, municipality), pk=pk,
                            status=Job.Status.DONE)
    response = HttpResponse(bytes(job.output), content_type=job.output_type)
    response["Content-Disposition"] = f'attachment; filename="{job.output_name}"'
    return response


@require_POST
def audit_export(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_audit_log", municipality)
    require(request, "samskap.start_jobs", municipality)
    job = actions.start_job(municipality, Job.Kind.AUDIT_EXPORT, request.user)
    messages.success(request, _("The export has started. It will be ready for download here."))
    return redirect(job)
