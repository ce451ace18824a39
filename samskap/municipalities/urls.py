from django.urls import path

from samskap.municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("districts/", views.districts, name="districts"),
    path("districts/new/", views.district_form, name="district_new"),
    path("districts/<int:pk>/edit/", views.district_form, name="district_edit"),
    path("districts/<int:pk>/delete/", views.district_delete, name="district_delete"),
]
