from django.urls import path

from samskap.processes import views

app_name = "processes"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("feed/", views.ProcessFeed(), name="feed"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.create, name="create"),
    path("manage/<int:pk>/", views.manage, name="manage"),
    path("manage/<int:pk>/edit/", views.edit, name="edit"),
    path("manage/<int:pk>/advisor/", views.advisor, name="advisor"),
    path("manage/<int:pk>/room/", views.room, name="room"),
    path("manage/<int:pk>/actors/", views.invite, name="invite"),
    path("manage/<int:pk>/actors/<int:invitation>/remove/", views.uninvite, name="uninvite"),
    path("manage/<int:pk>/groups/", views.groups, name="groups"),
    path("manage/<int:pk>/phases/", views.phases, name="phases"),
    path("manage/<int:pk>/phases/<int:phase>/delete/", views.phase_delete,
         name="phase_delete"),
    path("manage/<int:pk>/activities/", views.link_activities, name="activities"),
    path("manage/<int:pk>/state/<str:to>/", views.change_state, name="change_state"),
]
