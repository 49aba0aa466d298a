from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "minutebook.members"
    label = "members"
