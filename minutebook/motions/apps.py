from django.apps import AppConfig


class MotionsConfig(AppConfig):
    name = "minutebook.motions"
    label = "motions"
