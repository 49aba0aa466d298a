from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "minutebook.petitions"
    default_auto_field = "django.db.models.BigAutoField"
