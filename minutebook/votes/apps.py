from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "minutebook.votes"
    label = "votes"

    def ready(self) -> None:
        # The minutes' sections on motions, votes and elections (they need both apps, and
        # this one sits above motions).
        from minutebook.meetings.minutes_sections import register_minutes_section
        from minutebook.votes.minutes import elections_section, motions_section

        register_minutes_section(60, "motions", motions_section)
        register_minutes_section(70, "elections", elections_section)
