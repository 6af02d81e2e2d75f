"""What the permission matrix is made of: roles, cases and the usual expectations."""

from dataclasses import dataclass, field

from django.urls import reverse

ROLES = ["anonymous", "reseller", "viewer", "reseller2", "provider", "admin"]


@dataclass
class Case:
    url: object  # callable(world) -> str
    expect: dict  # role -> status code
    method: str = "get"
    data: object = field(default_factory=dict)  # a dict, or callable() -> dict (dates: read when the case runs)

    def body(self) -> dict:
        return self.data() if callable(self.data) else self.data


def everyone(code, anonymous=None):
    return dict.fromkeys(ROLES, code) | ({"anonymous": anonymous} if anonymous is not None else {})


SIGNED_IN_PAGE = everyone(200, anonymous=302)
SIGNED_IN_API = everyone(200, anonymous=401)

# Contoso's submitted review of Northwind, shared with Northwind (`shared_review`): Contoso reads
# and writes (viewer reads), Northwind reads; Tailspin and portal staff are outsiders (404).
SHARED_SCORECARD_READ = {
    "anonymous": 401,
    "reseller": 200,
    "viewer": 200,
    "reseller2": 404,
    "provider": 200,
    "admin": 404,
}
SHARED_SCORECARD_WRITE = {
    "anonymous": 401,
    "reseller": 200,
    "viewer": 403,
    "reseller2": 404,
    "provider": 403,
    "admin": 404,
}
# Contoso's draft of Northwind (`contoso_on_northwind`), flagged shared: a provider never sees a
# draft, whatever its flag says, so to Northwind's staff it does not exist (404).
DRAFT_SCORECARD_READ = SHARED_SCORECARD_READ | {"provider": 404}
DRAFT_SCORECARD_WRITE = SHARED_SCORECARD_WRITE | {"provider": 404}
# Contoso's scorecard of Fabrikam, not shared: Northwind's staff can't see it either.
UNSHARED_SCORECARD_READ = SHARED_SCORECARD_READ | {"provider": 404}
UNSHARED_SCORECARD_WRITE = SHARED_SCORECARD_WRITE | {"provider": 404}


def shared_review(w):
    """Contoso's submitted review of Northwind, shared with it (made once per world)."""
    if getattr(w, "_shared_review", None) is None:
        from tests.factories import SubmittedScorecardFactory

        w._shared_review = SubmittedScorecardFactory(
            reseller=w.contoso,
            provider=w.northwind,
            questionnaire=w.questionnaire,
            shared_with_provider=True,
            dirty_since=None,
        )
    return w._shared_review


def answer_url(w, scorecard=None):
    scorecard = scorecard or w.contoso_on_northwind
    question = scorecard.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
    return reverse("api_scorecard_answer", args=[scorecard.pk, question.pk])
