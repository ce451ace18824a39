from django.urls import URLPattern

app_name = "processes"

urlpatterns: list[URLPattern] = []
