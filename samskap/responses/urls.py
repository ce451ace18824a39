from django.urls import URLPattern

app_name = "responses"

urlpatterns: list[URLPattern] = []
