from django.contrib import admin

from samskap.core.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "message", "handled_at"]
