"""The jobs page: following one's own background jobs."""

from django.urls import reverse

from samskap.jobs.models import Job


def test_automatic_updates_of_the_job_table_can_be_stopped(client, mira, eksempelvik):
    Job.objects.create(municipality=eksempelvik, kind=Job.Kind.AUDIT_EXPORT, started_by=mira)
    client.force_login(mira)
    url = reverse("jobs:list", args=["9999"])
    assert 'hx-trigger="every 3s"' in client.get(url).content.decode()
    stopped = client.get(url + "?poll=0", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 3s"' not in stopped
    assert "?poll=0" in stopped  # the "update now" link keeps working without polling
