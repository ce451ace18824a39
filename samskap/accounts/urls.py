from django.contrib.auth import views as auth_views
from django.urls import path

from samskap.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password-reset/complete/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete"),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
]

municipal_urlpatterns = [
    path("members/", views.members, name="list"),
    path("members/invite/", views.invite, name="invite"),
    path("members/invitations/<int:pk>/revoke/", views.revoke, name="revoke_invitation"),
    path("members/<int:pk>/", views.membership_edit, name="membership"),
]
