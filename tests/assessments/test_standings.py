"""Standings (bands over 0..100) are set as a whole, checked by the scoring engine, or not at all;
and the portal's partnership balance, whose change recomputes every partnership score."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import PartnershipScore, PortalSettings, Standing
from assessments.pipeline.sweep import sweep_dirty
from assessments.scoring import DEFAULT_BANDS
from assessments.services import questionnaires as services
from tests.assessments.weights_support import scale
from tests.factories import SubmittedScorecardFactory

GOOD = [
    {"name": "Weak", "lower": "0", "upper": "50", "colour": "#dc3545"},
    {"name": "Good", "lower": "50", "upper": "100", "colour": "#198754"},
]


@pytest.fixture
def saved(world):
    services.standings_set(
        user=world.admin,
        bands=[{"name": b.name, "lower": b.lower, "upper": b.upper, "colour": b.colour} for b in DEFAULT_BANDS],
    )
    return list(Standing.objects.values_list("name", "lower", "upper", "colour"))


def _set(world, bands):
    return services.standings_set(user=world.admin, bands=bands)


def test_standings_set_replaces_every_band_with_history(world, saved):
    _set(world, GOOD)
    assert list(Standing.objects.values_list("name", "lower", "upper", "colour")) == [
        ("Weak", Decimal("0"), Decimal("50"), "#dc3545"),
        ("Good", Decimal("50"), Decimal("100"), "#198754"),
    ]
    assert Standing.history.filter(history_type="-").count() == 4
    assert Standing.history.filter(history_type="+", name="Good").get().history_user == world.admin


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        (
            [GOOD[0] | {"upper": "40"}, GOOD[1]],
            'There is a gap between 40 and 50 (between "Weak" and "Good").',
        ),
        (
            [GOOD[0] | {"upper": "60"}, GOOD[1]],
            '"Weak" and "Good" overlap between 50 and 60.',
        ),
        ([GOOD[0] | {"lower": "10"}, GOOD[1]], "The bands must start at 0; the lowest starts at 10."),
        ([GOOD[0], GOOD[1] | {"upper": "90"}], "The bands must end at 100; the highest ends at 90."),
        ([GOOD[0] | {"colour": "red"}, GOOD[1]], "The colour of \"Weak\" must look like #1a2b3c, not 'red'."),
        ([GOOD[0] | {"name": ""}, GOOD[1]], "Band 1 needs a name."),
        ([], "Define at least one band."),
    ],
    ids=["gap", "overlap", "not-from-0", "not-to-100", "bad-colour", "no-name", "none"],
)
def test_standings_set_refuses_a_bad_set_and_changes_nothing(world, saved, bands, message):
    with pytest.raises(ValidationError) as exc:
        _set(world, bands)
    assert message in exc.value.message_dict["bands"]
    assert list(Standing.objects.values_list("name", "lower", "upper", "colour")) == saved


def test_standings_set_names_a_bound_that_is_not_a_number(world, saved):
    with pytest.raises(ValidationError) as exc:
        _set(world, [GOOD[0] | {"upper": "fifty"}, GOOD[1] | {"lower": "50.125"}])
    assert exc.value.message_dict == {
        "band-1-upper": ["Enter a number from 0 to 100 for where “Weak” ends."],
        "band-2-lower": ["Use at most 2 decimal places for where “Good” starts."],
    }
    assert list(Standing.objects.values_list("name", "lower", "upper", "colour")) == saved


# --- The standings page ------------------------------------------------------------------------


def _post(world, rows):
    data = {"rows": str(len(rows))}
    for n, row in enumerate(rows, start=1):
        data |= {f"band-{n}-{k}": v for k, v in row.items()}
    return data


def test_standings_page_shows_the_bands_and_saves_a_good_set(client, world):
    client.force_login(world.admin)
    html = client.get(reverse("standings_edit")).content.decode()
    assert 'value="Strategic"' in html and 'type="color"' in html  # the defaults, before any is saved
    # when the admin saves two bands (and leaves the spare rows empty)
    response = client.post(reverse("standings_edit"), _post(world, [*GOOD, {"name": "", "lower": "", "upper": ""}]))
    assert response.status_code == 302
    assert list(Standing.objects.values_list("name", flat=True)) == ["Weak", "Good"]
    # and the stylesheet follows
    assert ".standing-good { background-color: #198754; }" in client.get(reverse("standings_css")).content.decode()


def test_standings_page_shows_the_problem_keeps_the_typed_values_and_saves_nothing(client, world, saved):
    client.force_login(world.admin)
    rows = [GOOD[0] | {"upper": "45"}, GOOD[1]]
    response = client.post(reverse("standings_edit"), _post(world, rows))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in html and "There is a gap between 45 and 50" in html
    assert 'name="band-1-upper" value="45"' in html
    assert list(Standing.objects.values_list("name", "lower", "upper", "colour")) == saved
    # a bound that is not a number is named beside its field
    response = client.post(reverse("standings_edit"), _post(world, [GOOD[0] | {"lower": "zero"}, GOOD[1]]))
    assert 'id="band-1-lower-error">Enter a number from 0 to 100 for where “Weak” starts.' in response.content.decode()


def test_standings_page_remove_a_band(client, world, saved):
    client.force_login(world.admin)
    rows = [
        {"name": "At risk", "lower": "0", "upper": "40", "colour": "#dc3545"},
        {"name": "Developing", "lower": "40", "upper": "100", "colour": "#fd7e14"},
        {"name": "Strong", "lower": "60", "upper": "80", "colour": "#0d6efd", "delete": "on"},
    ]
    assert client.post(reverse("standings_edit"), _post(world, rows)).status_code == 302
    assert list(Standing.objects.values_list("name", flat=True)) == ["At risk", "Developing"]


def test_standing_admin_is_read_only_and_links_to_the_page(client, world, saved):
    client.force_login(world.admin)
    html = client.get(reverse("admin:assessments_standing_changelist")).content.decode()
    assert reverse("standings_edit") in html and "Strategic" in html
    assert client.get(reverse("admin:assessments_standing_add")).status_code == 403


# --- The partnership balance -------------------------------------------------------------------


def test_portal_settings_set_marks_and_recomputes_every_partnership(scored, django_capture_on_commit_callbacks):
    # given Contoso's submitted readiness (relationships 3 of 5: overall 50) beside its reviews
    world = scored
    readiness = SubmittedScorecardFactory(
        reseller=world.contoso, provider=None, questionnaire=world.readiness_questionnaire,
        dirty_since=None,
    )  # fmt: skip
    readiness.answers.create(question=scale(world.readiness_questionnaire, "relationships"), value_number=3)
    sweep_dirty(everything=True)
    pair = PartnershipScore.objects.get(reseller=world.contoso, provider=world.northwind)
    assert (pair.provider_side, pair.reseller_side, pair.combined) == (75, 50, Decimal("62.5"))  # 50/50
    rows = list(PartnershipScore.objects.order_by("pk"))
    assert all(not r.is_stale for r in rows)
    # when the admin gives the provider side 80%
    with django_capture_on_commit_callbacks() as jobs:
        marked = services.portal_settings_set(user=world.admin, partnership_provider_share="0.8")
    # then every pair is marked in the same transaction, with the change in the history
    assert marked == len(rows) == 3
    assert all(r.is_stale and r.dirty_since for r in PartnershipScore.objects.all())
    assert PortalSettings.objects.get(pk=1).history.first().history_user == world.admin
    # and one batch job recomputes them all (not one job per pair)
    assert len(jobs) == 1
    # and once the jobs ran, every pair is fresh with the new balance: 0.8 x 75 + 0.2 x 50 = 70
    for job in jobs:
        job()
    assert all(not r.is_stale and r.dirty_since is None for r in PartnershipScore.objects.all())
    assert PartnershipScore.objects.get(pk=pair.pk).combined == 70


@pytest.mark.parametrize("share", ["1.5", "-0.1", "half", "0.1234"])
def test_portal_settings_set_refuses_a_bad_share(world, share):
    with pytest.raises(ValidationError) as exc:
        services.portal_settings_set(user=world.admin, partnership_provider_share=share)
    assert list(exc.value.message_dict) == ["partnership_provider_share"]
    assert not PortalSettings.objects.exists()


def test_portal_settings_admin_goes_through_the_service(client, scored, django_capture_on_commit_callbacks):
    world = scored
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks() as jobs:
        response = client.post(reverse("admin:assessments_portalsettings_add"), {"partnership_provider_share": "0.7"})
    assert response.status_code == 302
    assert PortalSettings.objects.get().partnership_provider_share == Decimal("0.7")
    assert PartnershipScore.objects.filter(dirty_since__isnull=False).count() == PartnershipScore.objects.count()
    # one batch job for every pair, however many there are
    assert len(jobs) == 1
    jobs[0]()
    assert not PartnershipScore.objects.filter(dirty_since__isnull=False).exists()
