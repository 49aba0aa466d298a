from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "minutebook.meetings"
    label = "meetings"

    def ready(self) -> None:
        # The minutes' attendance, agenda, documents and decisions sections; motions, votes
        # and the list of speakers register theirs in their own apps.
        from minutebook.meetings.minutes import register_sections

        register_sections()
