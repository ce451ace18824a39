from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from samskap.accounts.urls import municipal_urlpatterns as member_urls

municipal = "k/<str:number>/"

urlpatterns = [
    path("", include("samskap.core.urls")),
    path("accounts/", include("samskap.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path(municipal, include("samskap.municipalities.urls")),
    path(municipal + "cycles/", include("samskap.planning.urls")),
    path(municipal + "audit/", include("samskap.audit.urls")),
    path(municipal + "jobs/", include("samskap.jobs.urls")),
    path(municipal + "knowledge/", include("samskap.knowledge.urls")),
    path(municipal + "actors/", include("samskap.actors.urls")),
    path(municipal + "contracts/", include("samskap.contracts.urls")),
    path(municipal + "processes/", include("samskap.processes.urls")),
    path(municipal + "conversations/", include("samskap.conversations.urls")),
    path(municipal + "responses/", include("samskap.responses.urls")),
    path(municipal + "participation/", include("samskap.participation.urls")),
    path(municipal, include((member_urls, "members"))),
    path("api/", include("config.api")),
    path("admin/", admin.site.urls),
]

handler400 = "samskap.core.views.error_400"
handler403 = "samskap.core.views.error_403"
handler404 = "samskap.core.views.error_404"
handler500 = "samskap.core.views.error_500"

