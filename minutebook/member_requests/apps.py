from django.apps import AppConfig


class MemberRequestsConfig(AppConfig):
    name = "minutebook.member_requests"
    label = "member_requests"
    verbose_name = "Members' requests"

    def ready(self) -> None:
        # How an `answer` duty is met: the obligations app sits below this one.
        from minutebook.member_requests.selectors import answer_met_on
        from minutebook.obligations import kinds

        kinds.register("answer", answer_met_on)
