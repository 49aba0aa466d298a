from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "minutebook.journal"
    label = "journal"
