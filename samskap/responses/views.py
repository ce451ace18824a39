"""Pages of “you said, we did”, following a process, and the value of co-creation.

- Staff answer a process's inputs, one or several at once by theme, and bring in local
  knowledge and overview comments as inputs.
- A signed-in person follows a published process (consent to e-mail) or stops.
- When a process is concluded, staff and participants assess its value; the results are
  public, per process and across processes, never for fewer than five answers.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.core.access import LoginRequired, get_municipality, require
from samskap.processes.models import Process
from samskap.responses import actions, presentation, services, sources, values
from samskap.responses.forms import (
    AssessmentForm,
    BringInForm,
    FollowForm,
    InputFilterForm,
    RespondForm,
)
from samskap.responses.models import Follow, Response, ValueAssessment


def _process(request: HttpRequest, number: str, pk: int) -> Process:
    """A process of the municipality the user may see; a draft is a 404 for the public."""
    municipality = get_municipality(number)
    process = get_object_or_404(Process.objects.select_related("municipality", "cycle"),
                                pk=pk, municipality=municipality)
    if not request.user.has_perm("samskap.view_process", process):
        raise Http404
    return process


#: Inputs listed per page on the staff page; those answered together are on one page.
PAGE_SIZE = 100


def _posted(request: HttpRequest) -> Any:
    """The posted data, also when empty (a form posted with nothing ticked is still bound)."""
    return request.POST if request.method == "POST" else None


def _person(request: HttpRequest) -> Any:
    """The signed-in user (the views check that first)."""
    return request.user


def _url(name: str, process: Process, query: str = "") -> str:
    url = reverse(f"responses:{name}", kwargs={"number": process.municipality.number,
                                                "pk": process.pk})
    return f"{url}?{query}" if query else url


def _themes(process: Process) -> list[str]:
    return sorted(set(Response.objects.filter(input__process=process).exclude(theme="")
                      .values_list("theme", flat=True)))


@require_http_methods(["GET", "POST"])
def inputs(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """All inputs of a process, filtered, with the form that answers the ticked ones."""
    process = _process(request, number, pk)
    require(request, "samskap.respond_to_inputs", process)
    themes = _themes(process)
    filters = InputFilterForm(request.GET or None, themes=themes)
    form = RespondForm(_posted(request), process=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            answered = services.respond(
                data["inputs"], user=request.user, outcome=data["outcome"], why=data["why"],
                theme=data["theme"], link_title=data["link_title"], link_url=data["link_url"])
        except services.ResponseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, ngettext("%(count)d input was answered.",
                                               "%(count)d inputs were answered.",
                                               len(answered)) % {"count": len(answered)})
            return redirect(_url("inputs", process, request.GET.urlencode()))
    listed = filters.apply(services.inputs_of(process)).order_by("created_at", "pk")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "responses/inputs.html", {
        "municipality": process.municipality, "process": process, "filters": filters,
        "form": form, "inputs": page.object_list, "page": page, "themes": themes,
        "chosen": {str(pk) for pk in form["inputs"].value() or []},
        "unanswered": services.unanswered(process).count(),
    })


@require_http_methods(["GET", "POST"])
def bring_in(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Staff choose local knowledge and overview comments to make inputs of the process."""
    process = _process(request, number, pk)
    require(request, "samskap.respond_to_inputs", process)
    found = sources.candidates(process)
    form = BringInForm(_posted(request), candidates=found)
    if request.method == "POST" and form.is_valid():
        brought = actions.bring_in(process, form.cleaned_data["sources"], request.user)
        messages.success(request, ngettext("%(count)d input was brought into the process.",
                                           "%(count)d inputs were brought into the process.",
                                           len(brought)) % {"count": len(brought)})
        return redirect(_url("inputs", process))
    return render(request, "responses/bring_in.html", {
        "municipality": process.municipality, "process": process, "form": form,
        "candidates": found,
        "chosen": set(form["sources"].value() or []),
    })


def _require_follow(request: HttpRequest, process: Process) -> None:
    if not request.user.is_authenticated:
        raise LoginRequired
    if not rules.has_perm("samskap.follow_process", request.user, process):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Follow a published process, agreeing to e-mail about it; or see that one follows it."""
    process = _process(request, number, pk)
    _require_follow(request, process)
    current = Follow.objects.filter(process=process, user=_person(request)).first()
    form = FollowForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        actions.follow(process, request.user)
        messages.success(request, _("You follow “%(title)s”. We e-mail you when it changes "
                                    "state and when your input is answered.") % {
            "title": process.title})
        return redirect(_url("follow", process))
    return render(request, "responses/follow.html", {
        "municipality": process.municipality, "process": process, "form": form,
        "current": current,
    })


@require_POST
def unfollow(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Stop following: the consent to e-mail is withdrawn at once."""
    process = _process(request, number, pk)
    if not request.user.is_authenticated:
        raise LoginRequired
    withdrawn = actions.unfollow(process, request.user)
    if withdrawn is None:
        messages.warning(request, _("You did not follow this process."))
    else:
        messages.success(request, _("You no longer follow “%(title)s” and get no more e-mail "
                                    "about it.") % {"title": process.title})
    return redirect(_url("follow", process))


def _require_assess(request: HttpRequest, process: Process) -> None:
    """Only the rule, without the site admin's everything-goes: the questionnaire is for the
    municipality's staff and the process's participants, not for the platform's operators."""
    if not request.user.is_authenticated:
        raise LoginRequired
    if not rules.has_perm("samskap.assess_process", request.user, process):
        if request.user.is_superuser or request.user.role_in(  # type: ignore[union-attr]
                process.municipality) is not None:
            raise PermissionDenied
        raise Http404


@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """The questionnaire on the four values of co-creation, while the process is concluded."""
    process = _process(request, number, pk)
    _require_assess(request, process)
    if process.state not in actions.ASSESSABLE:
        messages.warning(request, _("The value of a process is assessed when it is "
                                    "concluded."))
        return redirect(_url("value", process))
    earlier = ValueAssessment.objects.filter(process=process, user=_person(request)).first()
    initial: dict[str, Any] = {}
    if earlier is not None:
        initial = {item.field: str(getattr(earlier, item.field) or "") for item in values.ITEMS}
        initial["comment"] = earlier.comment
    form = AssessmentForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_assessment(process, request.user, comment=form.cleaned_data["comment"],
                                **form.scores())
        messages.success(request, _("Thank you! Your assessment was saved. You may change it "
                                    "while the process is concluded."))
        return redirect(_url("value", process))
    return render(request, "responses/assess.html", {
        "municipality": process.municipality, "process": process, "form": form,
        "earlier": earlier,
    })


@require_GET
def value(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """A process's value of co-creation: means, distributions and n, for five answers or more."""
    process = _process(request, number, pk)
    result = presentation.process_value(process)
    may_assess = (process.state in actions.ASSESSABLE and request.user.is_authenticated
                  and rules.has_perm("samskap.assess_process", request.user, process))
    return render(request, "responses/value.html", {
        "municipality": process.municipality, "process": process, "result": result,
        "may_assess": may_assess,
        "show_comments": request.user.has_perm("samskap.respond_to_inputs", process),
        "min_answers": values.MIN_ANSWERS,
    })


def _published(municipality: Any) -> QuerySet[Process]:
    return Process.objects.of(municipality).published().order_by("-state_changed_at", "title")


@require_GET
def value_overview(request: HttpRequest, number: str) -> HttpResponse:
    """The value of co-creation across the municipality's processes, for the evaluation."""
    municipality = get_municipality(number)
    rows, pooled = presentation.value_overview(_published(municipality))
    return render(request, "responses/value_overview.html", {
        "municipality": municipality, "rows": rows, "pooled": pooled,
        "values": values.VALUES,
        "min_answers": values.MIN_ANSWERS,
    })


urlpatterns: list[URLPattern] = [
    path("value/", value_overview, name="value_overview"),
    path("process/<int:pk>/", inputs, name="inputs"),
    path("process/<int:pk>/bring-in/", bring_in, name="bring_in"),
    path("process/<int:pk>/follow/", follow, name="follow"),
    path("process/<int:pk>/unfollow/", unfollow, name="unfollow"),
    path("process/<int:pk>/assess/", assess, name="assess"),
    path("process/<int:pk>/value/", value, name="value"),
]
