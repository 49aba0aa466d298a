from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "minutebook.charter"
    label = "charter"
