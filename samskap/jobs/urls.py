from django.urls import path

from samskap.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/download/", views.job_download, name="download"),
    path("audit-export/", views.audit_export, name="audit_export"),
]
