"""Content files: TOML read exactly, and every problem named by its file and key path."""

from decimal import Decimal

import pytest

from cspeval.contentfiles import ROOT, ContentError, parse, read


def test_contentfiles_numbers_are_exact():
    # a fraction is read as a Decimal (never a float) and a whole number as an int
    node = parse("weights = [1.5, 0.1, 2]", source="x.toml").table(required=["weights"])["weights"]
    assert [item.number() for item in node.array()] == [Decimal("1.5"), Decimal("0.1"), Decimal(2)]
    assert [type(item.value) for item in node.array()] == [Decimal, Decimal, int]


def test_contentfiles_a_problem_names_the_file_and_the_path():
    # given a nested value of the wrong type
    root = parse('[[areas]]\nquestions = [{ weight = "2" }]', source="q.toml")
    weight = root.table(required=["areas"])["areas"].array()[0].at("questions").array()[0].at("weight")

    # then its problem carries the file and the path to it
    with pytest.raises(
        ContentError, match=r"^q\.toml: areas\[0\]\.questions\[0\]\.weight: must be a number, not a string$"
    ):
        weight.number()


def test_contentfiles_one_line_text_refuses_a_line_break():
    node = parse('title = "one\\ntwo"', source="t.toml").at("title")
    with pytest.raises(ContentError, match=r"^t\.toml: title: must be a single line of text"):
        node.text()
    assert node.text(multiline=True) == "one\ntwo"


def test_contentfiles_a_file_is_named_from_the_project_root(tmp_path):
    # a broken file inside the project is named relative to it; one outside by its full path
    inside = ROOT / "assessments" / "content" / "provider_scorecard.toml"
    assert read(inside).source == "assessments/content/provider_scorecard.toml"
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "unfinished\n')
    with pytest.raises(ContentError, match=rf"^{tmp_path}/broken\.toml: is not valid TOML \(.*line 1"):
        read(broken)
    with pytest.raises(ContentError, match=r"^assessments/content/missing\.toml: cannot be read"):
        read(ROOT / "assessments" / "content" / "missing.toml")
