"""Petitions and requisitions: members sign what the charter lets them require (a special
meeting, a ballot, a recall), and a petition that reaches its threshold in time becomes an
obligation of the responsible body (`minutebook.obligations`)."""
