from django.urls import path

from samskap.participation import views

app_name = "participation"

urlpatterns = [
    path("conversations/<int:pk>/", views.conversation, name="conversation"),
    path("processes/<int:pk>/", views.process, name="process"),
]
