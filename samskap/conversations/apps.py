from typing import Any

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samskap.conversations"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        def join(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
            if request is not None:
                from samskap.conversations.participants import join_on_login

                join_on_login(request, user)

        user_logged_in.connect(join, dispatch_uid="conversations.join_on_login", weak=False)
