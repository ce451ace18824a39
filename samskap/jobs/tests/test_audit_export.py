"""Mira exports the audit log in the background and downloads the CSV; nobody else sees it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from samskap.jobs import actions, tasks
from samskap.jobs.models import Job
from samskap.municipalities.actions import save_district
from samskap.municipalities.models import District
from samskap.planning import actions as planning

EXPORT_URL = reverse("jobs:audit_export", args=["9999"])


def run_worker() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0,
                 verbosity=0)


@pytest.fixture
def as_mira(client, mira):
    client.force_login(mira)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def download_url(job: Job) -> str:
    return reverse("jobs:download", args=[job.municipality.number, job.pk])


@pytest.mark.django_db(transaction=True)
def test_mira_exports_the_audit_log_and_downloads_the_csv(as_mira, mira, eksempelvik,
                                                           other_cycle):
    cycle = planning.start_cycle(eksempelvik, 2024, mira)
    planning.advance(cycle.step(1), mira)
    save_district(District(municipality=eksempelvik, name="Sjøsida"), mira)

    response = as_mira.post(EXPORT_URL)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.kind, job.started_by) == (Job.Status.QUEUED, "audit_export", mira)
    task = DBTaskResult.objects.get()
    assert str(task.id) == job.task_result_id
    assert "Not ready yet" in as_mira.get(reverse("jobs:list", args=["9999"])).content.decode()

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.finished_at is not None
    page = as_mira.get(job.get_absolute_url()).content.decode()
    assert "Done" in page
    assert download_url(job) in page

    download = as_mira.get(download_url(job))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"].startswith('attachment; filename="audit-9999-')
    assert download.content.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads æøå
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["when", "who", "action", "object_type", "object_id", "object",
                       "reason", "before", "after"]
    assert [row[2] for row in rows[1:]] == [
        "cycle.start", "step.complete", "step.start", "district.create"]
    assert {row[1] for row in rows[1:]} == {"mira@eksempelvik.example"}
    assert rows[4][5] == "Sjøsida"  # Nabovik's entries are not in Eksempelvik's export
    assert json.loads(rows[4][8])["name"] == "Sjøsida"
    assert json.loads(rows[2][7])["status"] == "in_progress"
    assert json.loads(rows[2][8])["status"] == "done"


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_task_fails_is_marked_failed(as_mira, mira, eksempelvik, monkeypatch):
    def broken(job: Job) -> tuple[str, str, bytes]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "audit_log_csv", broken)
    as_mira.post(EXPORT_URL)

    run_worker()

    job = Job.objects.get()
    assert (job.status, job.message) == (Job.Status.FAILED, "RuntimeError")
    assert job.finished_at is not None
    assert "The job failed." in as_mira.get(job.get_absolute_url()).content.decode()
    assert DBTaskResult.objects.get().status == "FAILED"


@pytest.mark.django_db(transaction=True)
def test_per_cannot_see_or_download_miras_job(client, mira, per, eksempelvik):
    job = actions.start_job(eksempelvik, Job.Kind.AUDIT_EXPORT, mira)
    run_worker()
    client.force_login(per)

    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(download_url(job)).status_code == 404
    assert f"#{job.pk}" not in client.get(reverse("jobs:list", args=["9999"])).content.decode()


def test_olav_gets_not_found_for_eksempelviks_jobs(client, mira, olav, eksempelvik):
    job = Job.objects.create(municipality=eksempelvik, kind=Job.Kind.AUDIT_EXPORT,
                             started_by=mira)
    client.force_login(olav)

    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(EXPORT_URL).status_code == 404
    assert Job.objects.count() == 1


@pytest.mark.parametrize("persona", ["siri", "frida", "cem"])
def test_members_outside_the_staff_cannot_start_an_export(client, request, persona,
                                                          eksempelvik):
    client.force_login(request.getfixturevalue(persona))

    assert client.post(EXPORT_URL).status_code == 403
    assert not Job.objects.exists()


def test_a_visitor_cannot_start_an_export(client, eksempelvik):
    response = client.post(EXPORT_URL)

    assert response.status_code == 302
    assert not Job.objects.exists()


def test_an_export_needs_a_post(as_mira):
    assert as_mira.get(EXPORT_URL).status_code == 405


def test_a_job_that_is_not_done_cannot_be_downloaded(as_mira, mira, eksempelvik):
    job = Job.objects.create(municipality=eksempelvik, kind=Job.Kind.AUDIT_EXPORT,
                             started_by=mira)

    assert as_mira.get(download_url(job)).status_code == 404
    page = as_mira.get(job.get_absolute_url()).content.decode()
    assert "The job is not finished yet." in page


def test_a_failed_job_says_so(as_mira, mira, eksempelvik):
    job = Job.objects.create(municipality=eksempelvik, kind=Job.Kind.AUDIT_EXPORT,
                             started_by=mira, status=Job.Status.FAILED)

    page = as_mira.get(job.get_absolute_url()).content.decode()

    assert "The job failed." in page
    assert as_mira.get(download_url(job)).status_code == 404


def test_the_job_list_polls_only_while_a_job_is_running(as_mira, mira, eksempelvik):
    jobs_url = reverse("jobs:list", args=["9999"])
    job = Job.objects.create(municipality=eksempelvik, kind=Job.Kind.AUDIT_EXPORT,
                             started_by=mira)

    assert 'hx-trigger="every 3s"' in as_mira.get(jobs_url).content.decode()
    partial = as_mira.get(jobs_url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="job-table"')
    assert "<html" not in partial

    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
    assert 'hx-trigger' not in as_mira.get(jobs_url).content.decode()


def test_the_job_list_does_not_query_per_job(as_mira, mira, eksempelvik,
                                             django_assert_max_num_queries):
    Job.objects.bulk_create(
        Job(municipality=eksempelvik, kind=Job.Kind.AUDIT_EXPORT, started_by=mira,
            status=Job.Status.DONE, output=b"x" * 1000, output_name=f"audit-{n}.csv")
        for n in range(20))

    with django_assert_max_num_queries(7):
        response = as_mira.get(reverse("jobs:list", args=["9999"]))

    assert response.content.decode().count("Download audit-") == 20
