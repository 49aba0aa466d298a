from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "minutebook.bodies"
    label = "bodies"
