"""Bad input is a 400 naming its field (a message beside it on a page), never a 500, and never
changes what was saved: numbers that overflow or outgrow their column, versions that are not
whole numbers, NUL and other control characters in text, dates outside a commitment's period.
Each probe below gave a 500 (or saved it silently) before cspeval.validation."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from assessments.models import Answer, Scorecard, ScorecardReply, Standing
from commitments import services as commitment_services
from commitments.models import Commitment, ProgressEntry
from cspeval.validation import VERSION_MESSAGE
from tests.factories import CommitmentFactory, commitment_proposal

TODAY = timezone.localdate
BELOW = "Enter a number below 10,000,000,000."
ONE_LINE = "must be a single line of text, without line breaks or other control characters."
CONTROL = "holds a control character (such as NUL) that cannot be saved: remove it."


@pytest.fixture
def api():
    return APIClient()


def q(world, area, kind):
    return world.questionnaire.areas.get(key=area).questions.get(kind=kind)


def saved_answer(world):
    """Contoso's draft of Northwind with the margin question answered 6, with a comment."""
    sc, question = world.contoso_on_northwind, q(world, "realism", "number")
    Answer.objects.create(scorecard=sc, question=question, value_number=Decimal("6"), comment="Agreed in March")
    return sc, question


def answer_row(sc, question):
    answer = Answer.objects.get(scorecard=sc, question=question)
    return answer.value_number, answer.comment, answer.evidence_url, Scorecard.objects.get(pk=sc.pk).data_version


def submitted(sc, *, shared=False):
    Scorecard.objects.filter(pk=sc.pk).update(
        status="submitted", submitted_at=timezone.now(), shared_with_provider=shared
    )
    return Scorecard.objects.get(pk=sc.pk)


# --- Number answers ----------------------------------------------------------------------

NUMBER_PROBES = [
    ("1E+999999999", BELOW),  # decimal.Overflow in abs()
    ("-1E+999999999", BELOW),
    ("9999999999.99999", BELOW),  # rounds to eleven whole digits: "numeric field overflow"
    ("123456789012345678901234567890", BELOW),
    ("NaN", "Enter a number."),
    ("Infinity", "Enter a number."),
    ("-Infinity", "Enter a number."),
]


@pytest.mark.parametrize(("value", "message"), NUMBER_PROBES)
def test_answer_api_number_out_of_range_is_400_and_keeps_the_saved_answer(api, world, value, message):
    # given a saved number answer
    sc, question = saved_answer(world)
    before = answer_row(sc, question)
    api.force_authenticate(world.reseller)
    # when the API is sent a number no column holds
    response = api.put(f"/api/scorecards/{sc.pk}/answers/{question.pk}/", {"value": value}, format="json")
    # then a 400 names the value, and the saved answer (and the score's inputs) are unchanged
    assert response.status_code == 400
    assert response.json() == {"value": [message]}
    assert answer_row(sc, question) == before


@pytest.mark.parametrize("literal", ["9999999999.99999", "1E+10", "1e400"])
def test_answer_api_number_literal_out_of_range_is_400(api, world, literal):
    # given a saved number answer
    sc, question = saved_answer(world)
    before = answer_row(sc, question)
    api.force_authenticate(world.reseller)
    # when the JSON body holds the number itself (1e400 parses as infinity)
    response = api.generic(
        "PUT", f"/api/scorecards/{sc.pk}/answers/{question.pk}/", f'{{"value": {literal}}}', "application/json"
    )
    # then a 400 names the value
    assert response.status_code == 400
    assert list(response.json()) == ["value"]
    assert answer_row(sc, question) == before


@pytest.mark.parametrize(("value", "message"), NUMBER_PROBES)
def test_answer_page_number_out_of_range_is_shown_and_keeps_the_saved_answer(client, world, value, message):
    # given a saved number answer
    sc, question = saved_answer(world)
    before = answer_row(sc, question)
    client.force_login(world.reseller)
    # when the form posts a number no column holds (without JavaScript)
    response = client.post(reverse("scorecard_answer", args=[sc.pk, question.pk]), {"value": value})
    # then the page comes back with 400 and the message, and nothing saved changed
    assert response.status_code == 400
    assert message in response.content.decode()
    assert answer_row(sc, question) == before


def test_answer_number_with_more_places_than_the_column_is_rounded_to_four(api, world):
    # given a number question
    sc, question = world.contoso_on_northwind, q(world, "realism", "number")
    api.force_authenticate(world.reseller)
    # when it is answered with six decimal places
    response = api.put(f"/api/scorecards/{sc.pk}/answers/{question.pk}/", {"value": "7.123456"}, format="json")
    # then it is kept to the column's four, and said so
    assert response.status_code == 200
    assert response.json()["value"] == 7.1235
    assert Answer.objects.get(scorecard=sc, question=question).value_number == Decimal("7.1235")


# --- Text that PostgreSQL refuses ----------------------------------------------------------

TEXT_PROBES = [
    ("comment", "Good\x00 support", "The comment " + CONTROL),
    ("comment", "Bell \x07 rung", "The comment " + CONTROL),
    ("evidence_url", "https://example.com/\x00proof", "The link " + ONE_LINE),
    ("evidence_url", "https://example.com/a\nb", "The link " + ONE_LINE),
]


@pytest.mark.parametrize(("field", "text", "message"), TEXT_PROBES)
def test_answer_page_control_characters_are_refused_beside_the_field(client, world, field, text, message):
    # given a saved answer with a comment
    sc, question = saved_answer(world)
    before = answer_row(sc, question)
    client.force_login(world.reseller)
    # when the form posts a NUL (or another control character) in a text field
    data = {"value": "7", "comment": "New", "evidence_url": ""} | {field: text}
    response = client.post(reverse("scorecard_answer", args=[sc.pk, question.pk]), data)
    # then a 400 page names the field, and the saved answer is unchanged
    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    assert answer_row(sc, question) == before


@pytest.mark.parametrize(("field", "text", "message"), [p for p in TEXT_PROBES if "\x00" not in p[1]])
def test_answer_api_control_characters_are_400_naming_the_field(api, world, field, text, message):
    # (a NUL itself is refused by the serializer first: "Null characters are not allowed.")
    sc, question = saved_answer(world)
    before = answer_row(sc, question)
    api.force_authenticate(world.reseller)
    response = api.put(f"/api/scorecards/{sc.pk}/answers/{question.pk}/", {"value": 7, field: text}, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert answer_row(sc, question) == before


def test_answer_comment_keeps_its_line_breaks(api, world):
    sc, question = world.contoso_on_northwind, q(world, "realism", "number")
    api.force_authenticate(world.reseller)
    response = api.put(
        f"/api/scorecards/{sc.pk}/answers/{question.pk}/", {"value": 7, "comment": "First\r\nSecond\tthird"}, "json"
    )
    assert response.status_code == 200
    assert Answer.objects.get(scorecard=sc, question=question).comment == "First\r\nSecond\tthird"


@pytest.mark.parametrize("body", ["Thanks\x00 for this", "Thanks \x1b[31m"])
def test_reply_with_a_control_character_is_refused_and_the_saved_reply_kept(client, world, body):
    # given a submitted review shared with Northwind, which has replied
    sc = submitted(world.contoso_on_northwind, shared=True)
    client.force_login(world.provider)
    url = reverse("scorecard_reply", args=[sc.pk])
    client.post(url, {"body": "Thanks."})
    assert ScorecardReply.objects.get(scorecard=sc).body == "Thanks."
    # when it sends a reply holding a NUL (or an escape)
    response = client.post(url, {"body": body}, follow=True)
    # then the page says what is wrong with the reply, and the saved one stands
    assert response.status_code == 200
    assert escape("The reply " + CONTROL) in response.content.decode()
    assert ScorecardReply.objects.get(scorecard=sc).body == "Thanks."


# --- Versions --------------------------------------------------------------------------------

BAD_VERSIONS = ["abc", "", " ", "1.5", "-1", "0", "99999999999"]


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_submit_api_bad_version_is_400_and_leaves_the_draft(api, world, version):
    # given a draft with an answer
    sc, _ = saved_answer(world)
    api.force_authenticate(world.reseller)
    # when it is submitted with a version that is not a whole number
    response = api.post(f"/api/scorecards/{sc.pk}/submit/", {"version": version}, format="json")
    # then a 400 names the version, and the draft is still a draft
    assert response.status_code == 400
    assert response.json() == {"version": [VERSION_MESSAGE]}
    fresh = Scorecard.objects.get(pk=sc.pk)
    assert (fresh.status, fresh.version) == ("draft", sc.version)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_submit_page_bad_version_says_so_and_leaves_the_draft(client, world, version):
    sc, _ = saved_answer(world)
    client.force_login(world.reseller)
    response = client.post(reverse("scorecard_submit", args=[sc.pk]), {"version": version}, follow=True)
    assert response.status_code == 200
    assert VERSION_MESSAGE in response.content.decode()
    fresh = Scorecard.objects.get(pk=sc.pk)
    assert (fresh.status, fresh.version) == ("draft", sc.version)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_share_page_bad_version_says_so_and_leaves_it_unshared(client, world, version):
    # given a submitted review that is not shared
    sc = submitted(world.contoso_on_fabrikam)
    client.force_login(world.reseller)
    # when the share form posts a version that is not a whole number
    response = client.post(reverse("scorecard_share", args=[sc.pk]), {"shared": "on", "version": version}, follow=True)
    # then the page says so, and the provider still sees nothing
    assert response.status_code == 200
    assert VERSION_MESSAGE in response.content.decode()
    fresh = Scorecard.objects.get(pk=sc.pk)
    assert (fresh.shared_with_provider, fresh.version) == (False, sc.version)


def test_commitment_review_bad_version_is_400_on_the_api_and_the_page(api, client, world):
    # given Contoso's proposal to Northwind
    line = CommitmentFactory(reseller=world.contoso, provider=world.northwind, proposed_by=world.reseller)
    api.force_authenticate(world.provider)
    client.force_login(world.provider)
    # when Northwind accepts it with a version that is not a whole number
    by_api = api.post(f"/api/commitments/{line.pk}/review/", {"decision": "accept", "version": "abc"}, "json")
    by_page = client.post(reverse("commitment_review", args=[line.pk]), {"decision": "accept", "version": "abc"})
    # then both say so, and the line is still waiting for its decision
    assert by_api.status_code == 400 and by_api.json() == {"version": [VERSION_MESSAGE]}
    assert by_page.status_code == 400 and VERSION_MESSAGE in by_page.content.decode()
    assert Commitment.objects.get(pk=line.pk).status == "proposed"


# --- Standings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("upper", "1E+999999999", "Enter a number from 0 to 100 for where “All” ends."),
        ("lower", "-1E+999999999", "Enter a number from 0 to 100 for where “All” starts."),
        ("upper", "NaN", "Enter a number from 0 to 100 for where “All” ends."),
        ("name", "All\x00", "Band 1's name " + ONE_LINE),
        ("name", "All\r\nof them", "Band 1's name " + ONE_LINE),
    ],
)
def test_standings_page_bad_band_is_shown_beside_the_field_and_nothing_saved(client, world, field, value, message):
    # given the saved standings
    Standing.objects.create(name="Weak", lower=0, upper=50, colour="#dc3545")
    Standing.objects.create(name="Good", lower=50, upper=100, colour="#198754")
    before = list(Standing.objects.values_list("name", "lower", "upper", "colour"))
    client.force_login(world.admin)
    # when the admin saves one band over 0..100 with a bad value
    band = {"name": "All", "lower": "0", "upper": "100", "colour": "#0d6efd"} | {field: value}
    data = {"rows": "1"} | {f"band-1-{k}": v for k, v in band.items()}
    response = client.post(reverse("standings_edit"), data)
    # then the page comes back with 400 and the message beside the field, and nothing changed
    assert response.status_code == 400
    assert f'id="band-1-{field}-error">{escape(message)}<' in response.content.decode()
    assert list(Standing.objects.values_list("name", "lower", "upper", "colour")) == before


# --- Commitments: periods, progress dates, short text ---------------------------------------


def years_on(years, *, days=0):
    today = TODAY()
    return (today.replace(year=today.year + years, day=min(today.day, 28)) + timezone.timedelta(days=days)).isoformat()


PROPOSAL_PROBES = [
    ({"period_start": "0001-01-01"}, "period_start", "The period cannot start before 01/01/2000."),
    ({"period_end": "9999-12-31"}, "period_end", "The period must end within 5 years, by "),
    (
        {"period_start": TODAY().isoformat(), "period_end": years_on(3, days=30)},
        "period_end",
        "A period can last at most 3 years: end it by ",
    ),
    ({"period_end": "2000-01-01"}, "period_end", "The period must end on or after the day it starts."),
    ({"kpi": "custom", "custom_kpi": "Seats\r\nBcc: everyone@example.com"}, "custom_kpi", "The custom KPI " + ONE_LINE),
    ({"unit": "seats\nper month"}, "unit", "The unit " + ONE_LINE),
    ({"unit": "seats\tper month"}, "unit", "The unit " + ONE_LINE),
    ({"unit": "seats\u2028per month"}, "unit", "The unit " + ONE_LINE),
    ({"target": "1E+999999999"}, "target", "Enter a number below 1,000,000,000."),
    ({"target": "999999999.999"}, "target", "Enter a number below 1,000,000,000."),
]


@pytest.mark.parametrize(("extra", "field", "message"), PROPOSAL_PROBES)
def test_commitment_api_propose_bad_period_or_text_is_400_naming_the_field(api, world, extra, field, message):
    api.force_authenticate(world.reseller)
    response = api.post("/api/commitments/", commitment_proposal(**extra), format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0].startswith(message)
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(("extra", "field", "message"), PROPOSAL_PROBES)
def test_commitment_page_propose_bad_period_or_text_is_shown_and_nothing_saved(client, world, extra, field, message):
    client.force_login(world.reseller)
    data = {"side": "reseller", "counterpart": "northwind"} | commitment_proposal(**extra)
    response = client.post(reverse("commitment_new"), {k: v for k, v in data.items() if k != "provider"})
    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    assert not Commitment.objects.exists()


def test_commitment_period_of_exactly_three_years_from_a_leap_day_is_accepted(world):
    # given a period from 29/02/2028 to 28/02/2031, 3 years to the day (the calendar has no 29/02/2031)
    commitment = commitment_services.commitment_propose(
        user=world.reseller,
        reseller=world.contoso,
        provider=world.northwind,
        side="reseller",
        kpi="seat_adds",
        target="100",
        unit="seats",
        period_start="2028-02-29",
        period_end="2031-02-27",
    )
    assert (commitment.period_start.isoformat(), commitment.period_end.isoformat()) == ("2028-02-29", "2031-02-27")


def test_commitment_note_may_break_lines_but_not_hold_nul(world):
    args = {
        "user": world.reseller,
        "reseller": world.contoso,
        "provider": world.northwind,
        "side": "reseller",
        "kpi": "seat_adds",
        "target": "100",
        "unit": "seats",
        "period_start": TODAY(),
        "period_end": TODAY() + timezone.timedelta(days=90),
    }
    kept = commitment_services.commitment_propose(**args, note="Two lines:\nlaw firms, then clinics.")
    assert Commitment.objects.get(pk=kept.pk).note == "Two lines:\nlaw firms, then clinics."
    with pytest.raises(ValidationError) as caught:
        commitment_services.commitment_propose(**args, note="Nul\x00")
    assert caught.value.message_dict == {"note": ["The note " + CONTROL]}
    assert Commitment.objects.count() == 1


def accepted_line(world):
    return CommitmentFactory(
        reseller=world.contoso,
        provider=world.northwind,
        proposed_by=world.reseller,
        status="accepted",
        period_start=TODAY() - timezone.timedelta(days=60),
        period_end=TODAY() - timezone.timedelta(days=30),
    )


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"date": "after"}, "date", "The date cannot be after the period ends ("),
        ({"date": "before"}, "date", "The date cannot be before the period starts ("),
        ({"note": "From Partner Center\r\nBcc: x@example.com"}, "note", "The note " + ONE_LINE),
    ],
)
def test_progress_outside_the_period_or_on_two_lines_is_refused_by_api_and_page(
    api, client, world, extra, field, message
):
    # given a line accepted for a period that ended a month ago
    line = accepted_line(world)
    dates = {"after": TODAY() - timezone.timedelta(days=29), "before": line.period_start - timezone.timedelta(days=1)}
    day = dates.get(extra.get("date"), line.period_end).isoformat()
    body = {"actual": "40", "note": ""} | extra | {"date": day}
    # when either side records it through the API, and through the page
    api.force_authenticate(world.provider)
    by_api = api.post(f"/api/commitments/{line.pk}/progress/", body, format="json")
    client.force_login(world.reseller)
    by_page = client.post(reverse("commitment_progress", args=[line.pk]), {f"progress-{k}": v for k, v in body.items()})
    # then both refuse it under its field, and nothing is recorded
    assert by_api.status_code == 400
    assert list(by_api.json()) == [field] and by_api.json()[field][0].startswith(message)
    assert by_page.status_code == 400 and escape(message) in by_page.content.decode()
    assert not ProgressEntry.objects.exists()


def test_progress_on_the_last_day_of_the_period_is_recorded(api, world):
    line = accepted_line(world)
    api.force_authenticate(world.provider)
    body = {"date": line.period_end.isoformat(), "actual": "40", "note": "Last day"}
    response = api.post(f"/api/commitments/{line.pk}/progress/", body, format="json")
    assert response.status_code == 201
    assert ProgressEntry.objects.get().date == line.period_end


def test_notification_email_reaches_the_provider_when_a_name_holds_a_line_break(
    world, django_capture_on_commit_callbacks
):
    # given a reseller whose name (typed in the admin) holds a line break, and its open proposal
    world.contoso.name = "Contoso\r\nLtd"
    world.contoso.save(update_fields=["name"])
    line = CommitmentFactory(reseller=world.contoso, provider=world.northwind, proposed_by=world.reseller)
    mail.outbox.clear()
    # when Contoso withdraws it, which tells Northwind's members by e-mail
    with django_capture_on_commit_callbacks(execute=True):
        commitment_services.commitment_withdraw(user=world.reseller, commitment_id=line.pk)
    # then the e-mail goes out (it used to be dropped: a header cannot hold a line break), its subject on one line
    assert [m.to for m in mail.outbox] == [["provider@example.com"]]
    assert mail.outbox[0].subject == "cspeval: Contoso Ltd withdrew: Customer seat adds 100 seats."
