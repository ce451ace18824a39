from django.urls import path

from samskap.conversations import views, views_staff

app_name = "conversations"

urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("new/", views_staff.conversation_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/statements/new/", views.statement_add, name="statement_add"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/about-you/", views.demographics, name="demographics"),
    path("<int:pk>/about-you/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/edit/", views_staff.conversation_edit, name="edit"),
    path("<int:pk>/seed/", views_staff.seed, name="seed"),
    path("<int:pk>/moderation/", views_staff.moderation, name="moderation"),
    path("<int:pk>/statements/<int:statement>/moderate/", views_staff.moderate,
         name="moderate"),
    path("<int:pk>/export/<slug:table>.<slug:fmt>", views_staff.export, name="export"),
    path("<int:pk>/import-polis/", views_staff.import_polis, name="import_polis"),
    path("<int:pk>/recompute/", views_staff.recompute, name="recompute"),
]
