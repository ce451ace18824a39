"""Site-wide pages: the front page, the accessibility statement, robots.txt and errors."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samskap.core.forms import FeedbackForm, MunicipalitySearchForm
from samskap.municipalities.models import Municipality

SEARCH_LIMIT = 25


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    form = MunicipalitySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = Municipality.objects.search(query)[:SEARCH_LIMIT] if query else []
    context = {
        "form": form,
        "query": query,
        "results": results,
        "on_platform": Municipality.objects.on_platform(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/home.html#search-results", context)
    return render(request, "core/home.html", context)


@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST or None, initial={"page": request.GET.get("page", "")})
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Thank you. Your feedback has been received."))
        return redirect(reverse("core:accessibility") + "#feedback")
    return render(request, "core/accessibility.html", {"form": form})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('core:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    Municipality.objects.exists()
    return HttpResponse("ok\n", content_type="text/plain")


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
