"""Pages of community contracts.

Who reads a contract (``samskap.view_contract``): active and ended contracts are public, as
the municipality's other binding decisions are; a draft or a contract awaiting acceptance is
internal (staff and politicians), and the representatives of its actors see it once it has
been sent to them. To anyone else it does not exist (404), anonymous visitors included.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.accounts.rules import tenant_of
from samskap.contracts import actions
from samskap.contracts import export as exports
from samskap.contracts.forms import (
    AcceptForm,
    ContractForm,
    ContributionStatusForm,
    FilterForm,
    ReasonForm,
    contribution_formset,
)
from samskap.contracts.models import (
    CommunityContract,
    ContractParty,
    ContractVersion,
    Contribution,
    Status,
)
from samskap.contracts.presentation import compare, readable
from samskap.core.access import LoginRequired, get_municipality, require
from samskap.municipalities.models import Municipality

OPEN = (Status.AWAITING, Status.ACTIVE)


def _contract(request: HttpRequest, municipality: Municipality, pk: int) -> CommunityContract:
    """The contract if this user may read it; otherwise it does not exist (404)."""
    contract = get_object_or_404(CommunityContract.objects.select_related("municipality"),
                                 municipality=municipality, pk=pk)
    if not request.user.has_perm("samskap.view_contract", contract):
        raise Http404
    return contract


def _require_rule(request: HttpRequest, perm: str, obj: Any) -> None:
    """Like ``require``, but by the rule itself: Django's has_perm lets a superuser do
    anything, and a site administrator does not accept on anyone's behalf."""
    if rules.has_perm(perm, request.user, obj):
        return
    user = request.user
    if not user.is_authenticated:
        raise LoginRequired
    if not user.is_superuser and user.role_in(tenant_of(obj)) is None:
        raise Http404
    raise PermissionDenied


def _refused(request: HttpRequest, contract: CommunityContract, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect(contract)


@require_GET
def contract_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    contracts = CommunityContract.objects.visible_to(request.user, municipality) \
        .select_related("municipality").prefetch_related("parties__actor")
    form = FilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["status"]:
        contracts = contracts.filter(status=form.cleaned_data["status"])
    return render(request, "contracts/list.html", {
        "municipality": municipality, "contracts": contracts, "form": form,
        "can_create": request.user.has_perm("samskap.edit_contracts", municipality),
    })


@require_http_methods(["GET", "POST"])
def contract_new(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_contracts", municipality)
    form = ContractForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        contract = actions.create_contract(municipality, request.user, data=form.content(),
                                           actors=form.cleaned_data["actors"])
        messages.success(request, _("The draft was created. Now list what each party "
                                    "contributes."))
        return redirect("contracts:contributions", number=number, pk=contract.pk)
    return render(request, "contracts/contract_form.html",
                  {"municipality": municipality, "form": form, "contract": None},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_contracts", municipality)
    contract = _contract(request, municipality, pk)
    if contract.is_frozen:
        return _refused(request, contract, _("The contract has ended; it can no longer be "
                                             "changed."))
    form = ContractForm(request.POST or None, instance=contract, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.change_contract(contract, request.user, data=form.content(),
                                              actors=form.cleaned_data["actors"])
        except actions.ContractRuleError as error:
            form.add_error("actors", str(error))
        else:
            _say_saved(request, version)
            return redirect(contract)
    return render(request, "contracts/contract_form.html",
                  {"municipality": municipality, "form": form, "contract": contract},
                  status=400 if form.errors else 200)


def _say_saved(request: HttpRequest, version: ContractVersion | None) -> None:
    if version is None:
        messages.info(request, _("Nothing was changed."))
    elif version.number > 1 and not version.acceptances.exists() and \
            version.contract.status == Status.AWAITING:
        messages.success(request, _("Saved as version %(number)s. Every party must accept "
                                    "it.") % {"number": version.number})
    else:
        messages.success(request, _("The contract was saved."))


@require_http_methods(["GET", "POST"])
def contract_contributions(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_contracts", municipality)
    contract = _contract(request, municipality, pk)
    if contract.is_frozen:
        return _refused(request, contract, _("The contract has ended; it can no longer be "
                                             "changed."))
    formset = contribution_formset(contract, request.POST if request.method == "POST" else None)
    if request.method == "POST" and formset.is_valid():
        changed = [form.save(commit=False) for form in formset.forms
                   if form.has_changed() and form not in formset.deleted_forms
                   and form.cleaned_data]
        deleted = [form.instance for form in formset.deleted_forms if form.instance.pk]
        try:
            version = actions.save_contributions(contract, request.user, changed=changed,
                                                 deleted=deleted)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            _say_saved(request, version)
            return redirect(contract)
    return render(request, "contracts/contributions_form.html", {
        "municipality": municipality, "contract": contract, "formset": formset,
    }, status=400 if request.method == "POST" else 200)


def _party_rows(request: HttpRequest, contract: CommunityContract,
                version: ContractVersion) -> list[dict[str, Any]]:
    accepted = {a.party_id: a for a in version.acceptances.select_related("accepted_by")}
    rows: list[dict[str, Any]] = []
    for party in contract.parties.select_related("actor", "contract__municipality"):
        rows.append({
            "party": party, "acceptance": accepted.get(party.pk),
            "can_accept": (contract.status in OPEN and not party.has_left
                           and party.pk not in accepted
                           and rules.has_perm("samskap.accept_contract", request.user, party)),
            "can_leave": (contract.status in OPEN and not party.has_left
                          and not party.is_municipality
                          and request.user.has_perm("samskap.leave_contract", party)),
        })
    rows.sort(key=lambda row: (not row["party"].is_municipality, row["party"].name.lower()))
    return rows


def _contribution_rows(request: HttpRequest,
                       contract: CommunityContract) -> list[dict[str, Any]]:
    contributions = contract.contributions.select_related(
        "party__actor", "party__contract__municipality", "status_changed_by", "contract")
    return [{
        "item": item, "overdue": item.is_overdue(),
        "can_update": (contract.status in OPEN
                       and request.user.has_perm("samskap.update_contribution", item)),
    } for item in contributions]


@require_GET
def contract_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    contract = _contract(request, municipality, pk)
    version = contract.current_version()
    can_edit = (request.user.has_perm("samskap.edit_contracts", municipality)
                and not contract.is_frozen)
    return render(request, "contracts/detail.html", {
        "municipality": municipality, "contract": contract, "version": version,
        "content": readable(version.content),
        "parties": _party_rows(request, contract, version),
        "contributions": _contribution_rows(request, contract),
        "versions": contract.versions.order_by("-number").prefetch_related("acceptances"),
        "can_edit": can_edit, "can_send": can_edit and contract.status == Status.DRAFT,
        "formats": exports.FORMATS,
    })


@require_GET
def contract_version(request: HttpRequest, number: str, pk: int, version: int) -> HttpResponse:
    municipality = get_municipality(number)
    contract = _contract(request, municipality, pk)
    shown = get_object_or_404(ContractVersion, contract=contract, number=version)
    previous = ContractVersion.objects.filter(contract=contract, number=version - 1).first()
    return render(request, "contracts/version.html", {
        "municipality": municipality, "contract": contract, "version": shown,
        "content": readable(shown.content), "previous": previous,
        "diff": compare(previous.content, shown.content) if previous else None,
        "acceptances": shown.acceptances.select_related("party__actor", "accepted_by",
                                                        "party__contract__municipality"),
        "is_current": contract.current_version().pk == shown.pk, "formats": exports.FORMATS,
    })


@require_POST
def contract_send(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_contracts", municipality)
    contract = _contract(request, municipality, pk)
    try:
        actions.send_for_acceptance(contract, request.user)
    except actions.ContractRuleError as error:
        return _refused(request, contract, str(error))
    messages.success(request, _("The contract was sent to the parties for acceptance."))
    return redirect(contract)


@require_http_methods(["GET", "POST"])
def contract_end(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_contracts", municipality)
    contract = _contract(request, municipality, pk)
    if contract.is_frozen:
        return _refused(request, contract, _("The contract has already ended."))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.end_contract(contract, request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The contract has ended."))
        return redirect(contract)
    return render(request, "contracts/end_form.html",
                  {"municipality": municipality, "contract": contract, "form": form},
                  status=400 if form.errors else 200)


def _party(contract: CommunityContract, pk: int) -> ContractParty:
    return get_object_or_404(ContractParty.objects.select_related("actor",
                                                                  "contract__municipality"),
                             contract=contract, pk=pk)


@require_http_methods(["GET", "POST"])
def contract_accept(request: HttpRequest, number: str, pk: int, party: int) -> HttpResponse:
    municipality = get_municipality(number)
    contract = _contract(request, municipality, pk)
    the_party = _party(contract, party)
    _require_rule(request, "samskap.accept_contract", the_party)
    version = contract.current_version()
    if contract.status not in OPEN or the_party.has_left:
        return _refused(request, contract, _("This contract is not open for acceptance."))
    if version.acceptances.filter(party=the_party).exists():
        return _refused(request, contract, _("%(name)s has already accepted version "
                                             "%(number)s.") % {"name": the_party.name,
                                                               "number": version.number})
    form = AcceptForm(request.POST or None, initial={"version": version.number})
    if request.method == "POST" and form.is_valid():
        try:
            actions.accept(the_party, request.user, version_number=form.cleaned_data["version"])
        except actions.ContractRuleError as error:
            form.add_error(None, str(error))
        else:
            contract.refresh_from_db()
            messages.success(request, _("You accepted version %(number)s on behalf of "
                                        "%(name)s.") % {"number": version.number,
                                                        "name": the_party.name})
            if contract.status == Status.ACTIVE:
                messages.success(request, _("Every party has accepted: the contract is "
                                            "active."))
            return redirect(contract)
    return render(request, "contracts/accept.html", {
        "municipality": municipality, "contract": contract, "party": the_party,
        "version": version, "content": readable(version.content), "form": form,
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def contract_leave(request: HttpRequest, number: str, pk: int, party: int) -> HttpResponse:
    municipality = get_municipality(number)
    contract = _contract(request, municipality, pk)
    the_party = _party(contract, party)
    require(request, "samskap.leave_contract", the_party)
    if contract.status not in OPEN or the_party.has_left or the_party.is_municipality:
        return _refused(request, contract, _("%(name)s cannot leave this contract now.") % {
            "name": the_party.name})
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.leave(the_party, request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(name)s has left the contract.") % {
            "name": the_party.name})
        return redirect(contract)
    return render(request, "contracts/leave.html", {
        "municipality": municipality, "contract": contract, "party": the_party, "form": form,
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def contribution_status(request: HttpRequest, number: str, pk: int,
                        contribution: int) -> HttpResponse:
    municipality = get_municipality(number)
    contract = _contract(request, municipality, pk)
    item = get_object_or_404(Contribution.objects.select_related(
        "party__actor", "party__contract__municipality", "contract__municipality"),
        contract=contract, pk=contribution)
    require(request, "samskap.update_contribution", item)
    if contract.status not in OPEN:
        return _refused(request, contract, _("Contributions are followed up while the "
                                             "contract runs."))
    form = ContributionStatusForm(request.POST or None, initial={
        "status": item.status, "note": item.status_note})
    if request.method == "POST" and form.is_valid():
        actions.update_contribution(item, request.user, status=form.cleaned_data["status"],
                                    note=form.cleaned_data["note"])
        messages.success(request, _("The status of “%(what)s” was updated.") % {
            "what": item.what})
        return redirect(f"{contract.get_absolute_url()}#contribution-{item.pk}")
    return render(request, "contracts/contribution_status.html", {
        "municipality": municipality, "contract": contract, "item": item, "form": form,
    }, status=400 if form.errors else 200)


@require_GET
def contract_export(request: HttpRequest, number: str, pk: int, fmt: str) -> HttpResponse:
    """The current version, or ``?version=N``, as PDF or DOCX."""
    contract = _contract(request, get_municipality(number), pk)
    if fmt not in exports.FORMATS:
        raise Http404
    asked = request.GET.get("version", "")
    if asked:
        if not asked.isdigit():
            raise Http404
        version = get_object_or_404(ContractVersion, contract=contract, number=int(asked))
    else:
        version = contract.current_version()
    exported = exports.export(contract, version, fmt)
    response = HttpResponse(exported.data, content_type=exported.content_type)
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=exported.filename)
    return response


urlpatterns: list[URLPattern] = [
    path("", contract_list, name="list"),
    path("new/", contract_new, name="new"),
    path("<int:pk>/", contract_detail, name="detail"),
    path("<int:pk>/edit/", contract_edit, name="edit"),
    path("<int:pk>/contributions/", contract_contributions, name="contributions"),
    path("<int:pk>/contributions/<int:contribution>/status/", contribution_status,
         name="contribution_status"),
    path("<int:pk>/send/", contract_send, name="send"),
    path("<int:pk>/end/", contract_end, name="end"),
    path("<int:pk>/parties/<int:party>/accept/", contract_accept, name="accept"),
    path("<int:pk>/parties/<int:party>/leave/", contract_leave, name="leave"),
    path("<int:pk>/versions/<int:version>/", contract_version, name="version"),
    path("<int:pk>/export/<str:fmt>/", contract_export, name="export"),
]
