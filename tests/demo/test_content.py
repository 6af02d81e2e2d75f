"""The demo world's content files (`demo/content/*.toml`) and the readers that check them."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from cspeval.contentfiles import ContentError
from demo import build
from demo.content import DIRECTORY, load_world, world
from providers.models import Organisation

FILES = ("organisations.toml", "people.toml", "scorecards.toml", "commitments.toml")

LEDGER = """\
[[commitments]]
reseller = "contoso"
provider = "northwind"
side = "reseller"
kpi = "seat_adds"
target = 400
unit = "seats"
period = "current"
path = ["proposed", "accepted"]
note = "Seat adds this quarter."
progress = [120]
"""


@pytest.fixture
def content_dir(tmp_path):
    """A copy of the shipped files, for a test to break one of."""
    for name in FILES:
        shutil.copy(DIRECTORY / name, tmp_path / name)
    return tmp_path


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_content_the_shipped_world_loads():
    # when the shipped world is read, then it holds what PRODUCT.md promises and README names
    content = world()
    assert len(content.providers) >= 6 and len(content.resellers) >= 6
    assert [p.username for p in content.people if p.sign_in] == ["reseller", "viewer", "reseller2", "provider", "admin"]
    assert {source.figure for source in content.answer_sources} == {"margin_points", "enablement_days", "support_hours"}


def test_content_a_small_ledger_loads(content_dir):
    # given a ledger of one accepted commitment, then it loads with its figures exact
    (content_dir / "commitments.toml").write_text(LEDGER)
    (commitment,) = load_world(content_dir).commitments
    assert (commitment.target, commitment.progress, commitment.counter) == (400, (120,), None)


BROKEN_FILES = [
    pytest.param(
        "organisations.toml",
        ("margin_points = 8", "margin_points = 30"),
        "providers[0].margin_points: must be from 5 to 12, not 30",
        id="margin",
    ),
    pytest.param(
        "organisations.toml",
        ('regions = ["UK", "Ireland", "Nordics"]', 'regions = ["UK", "Atlantis"]'),
        "providers[0].regions[1]: 'Atlantis' is not one of the regions in [tags]: UK, Ireland,",
        id="unknown-tag",
    ),
    pytest.param(
        "people.toml",
        (', role = "member", sign_in = true }', ", sign_in = true }"),
        "users[0].role: is missing",
        id="no-role",
    ),
    pytest.param(
        "scorecards.toml",
        (
            'provider = "litware", status = "draft", shared = false',
            'provider = "litware", status = "draft", shared = true',
        ),
        "scorecards[3].shared: must be false: a draft is never shared with its provider",
        id="shared-draft",
    ),
    pytest.param(
        "scorecards.toml",
        ('area = "relationships", question = 5', 'area = "relationships", question = 1'),
        "answer_sources[0].question: is a scale question; only a number question's answer can come from the profile",
        id="answer-source",
    ),
]


@pytest.mark.parametrize(("name", "change", "message"), BROKEN_FILES)
def test_content_a_broken_world_file_is_refused_with_its_file_and_key(content_dir, name, change, message):
    # given the shipped world with one thing wrong in one file
    replace_in(content_dir / name, *change)

    # when it is read, then the error names that file, the key path and the problem
    with pytest.raises(ContentError) as raised:
        load_world(content_dir)
    assert f"{name}: {message}" in str(raised.value)


BROKEN_LEDGERS = [
    pytest.param(
        ('reseller = "contoso"', 'reseller = "nobody"'), "reseller: 'nobody' is not a demo reseller", id="who"
    ),
    pytest.param(('kpi = "seat_adds"', 'kpi = "margin_points"'), "kpi: must be one of seat_adds,", id="side-kpi"),
    pytest.param(('["proposed", "accepted"]', '["accepted"]'), "path: must start at proposed, not accepted", id="path"),
    pytest.param(
        ('["proposed", "accepted"]', '["proposed", "declined", "accepted"]'),
        "path: cannot go from declined to accepted",
        id="closed",
    ),
    pytest.param(
        ('["proposed", "accepted"]', '["proposed", "countered"]'),
        "counter: is missing: the path has countered",
        id="no-counter",
    ),
    pytest.param(
        ('["proposed", "accepted"]', '["proposed"]'),
        "progress: is recorded only against an accepted commitment, not a proposed one",
        id="early-progress",
    ),
    pytest.param(("target = 400", "target = 0"), "target: Enter a positive number.", id="target"),
]


@pytest.mark.parametrize(("change", "message"), BROKEN_LEDGERS)
def test_content_a_broken_commitment_is_refused(content_dir, change, message):
    # given a ledger of one commitment with one thing wrong
    old, new = change
    assert old in LEDGER
    (content_dir / "commitments.toml").write_text(LEDGER.replace(old, new, 1))

    # when the world is read, then the error names the file, the commitment's key and the problem
    with pytest.raises(ContentError) as raised:
        load_world(content_dir)
    assert f"commitments.toml: commitments[0].{message}" in str(raised.value)


def test_content_seed_demo_names_a_broken_file_and_writes_nothing(db, content_dir, monkeypatch):
    # given a world whose ledger names a reseller that does not exist
    (content_dir / "commitments.toml").write_text(LEDGER.replace('"contoso"', '"nobody"'))
    monkeypatch.setattr(build, "world", lambda: load_world(content_dir))

    # when the demo is seeded, then the command stops with the file and key, and nothing is written
    with pytest.raises(CommandError, match=r"commitments\.toml: commitments\[0\]\.reseller: 'nobody' is not a demo"):
        call_command("seed_demo", password="demo-pass-4821", stdout=io.StringIO())
    assert not Organisation.objects.exists()
