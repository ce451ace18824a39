from django.urls import URLPattern

app_name = "actors"

urlpatterns: list[URLPattern] = []
