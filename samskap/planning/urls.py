from django.urls import path

from samskap.planning import views

app_name = "planning"

step = "<int:pk>/steps/<int:step>/"

urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("new/", views.cycle_new, name="cycle_new"),
    path("<int:pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/close/", views.cycle_close, name="cycle_close"),
    path(step, views.step_detail, name="step"),
    path(step + "edit/", views.step_edit, name="step_edit"),
    path(step + "start/", views.step_start, name="step_start"),
    path(step + "advance/", views.step_advance, name="step_advance"),
    path(step + "reopen/", views.step_reopen, name="step_reopen"),
    path(step + "conclusions/", views.conclusion_add, name="conclusion_add"),
    path(step + "conclusions/<int:conclusion>/delete/", views.conclusion_delete,
         name="conclusion_delete"),
]
