"""Suggestions: figure normalization, the cue rules and the seeds' traps, accept/reject/undo in the store, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.linking.numbers import close_figure, find_quantities, same_figure
from reader.models import ClaimFields
from reader.seeds import import_seeds
from reader.segment import Segments
from reader.store import Store
from reader.suggest import Suggestion, pending, suggest, visible
from reader.suggest.suggester import sentence_labels


def figure(text: str):
    [found] = find_quantities(text)
    return found


@pytest.mark.parametrize(
    "text", ["10,000 troops", "10k troops", "ten thousand soldiers", "10000 men", "10 thousand personnel"]
)
def test_one_figure_many_spellings(text: str) -> None:
    q = figure(text)
    assert (q.value, q.unit, q.qualifier) == (10_000, "troops", "exact")


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("around 10,000 troops", "about"),
        ("approximately 10,000 soldiers", "about"),
        ("more than 10,000 men", "over"),
        ("over 11,000 soldiers", "over"),
        ("up to 100,000 soldiers", "up to"),
        ("less than $1 a month", "under"),
    ],
)
def test_qualifiers_are_normalized(text: str, qualifier: str) -> None:
    assert figure(text).qualifier == qualifier


def test_units_currency_periods_and_percent() -> None:
    assert figure("$2,000 a month").unit == figure("$2,000 per month").unit == "USD/month"
    assert figure("US$34 million").value == 34e6 and figure("US$34 million").unit == "USD"
    assert figure("98,3 per cent").value == 98.3 and figure("98,3 per cent").unit == "%"
    assert figure("around 500 officers").unit == "officers"
    assert figure("a force of 50,000 in Kursk").unit == "troops"
    assert figure("around 10,000 troops").label == "about 10,000 troops"
    assert figure("$2,000 per month").label == "$2,000 per month"


@pytest.mark.parametrize(
    "text",
    [
        "in 2023",
        "the 1950s",
        "AK-12 rifles",
        "60mm mortars",
        "the 11th Corps",
        "January 20 when",
        "a three-year-long war",
        "the G20 summit",
        "One is the risk",
    ],
)
def test_what_only_looks_like_a_figure(text: str) -> None:
    assert find_quantities(text) == []


def test_seed_traps_are_other_quantities() -> None:
    ten, eleven = figure("around 10,000 troops"), figure("over 11,000 troops")
    assert same_figure(ten, figure("more than 10,000 men"))
    assert close_figure(ten, eleven) and not same_figure(ten, eleven)
    for other in (
        "over 3,000 North Korean soldiers",
        "over 7,000 North Korean soldiers",
        "a force of 50,000",
        "up to 100,000 soldiers",
        "around 500 officers",
    ):
        assert not same_figure(ten, figure(other)) and not close_figure(ten, figure(other)), other


def labels(sentence: str) -> dict[str, str]:
    return dict(sentence_labels(sentence))


def test_up_to_100000_is_a_forecast_not_a_quantity() -> None:
    found = labels("North Korea is reportedly considering deploying up to 100,000 soldiers to support Russia.")
    assert "QUANTITY" not in found and found["PREDICTION"] == "forecast: up to 100,000 troops"
    rotation = labels(
        "This number may increase to 15,000 through regular rotations every two to three months, "
        "potentially reaching 100,000 troops over the course of a year."
    )
    assert "QUANTITY" not in rotation and "PREDICTION" in rotation


def test_3000_and_7000_are_quantities_of_their_own() -> None:
    assert (
        labels(
            "South Korea's presidential office has also revealed that over 3,000 North Korean soldiers have "
            "been moved close to the battlefronts."
        )["QUANTITY"]
        == "quantity: over 3,000 troops"
    )
    assert (
        labels("Russia has equipped over 7,000 North Korean soldiers with a range of weapons, including 60mm mortars.")[
            "QUANTITY"
        ]
        == "quantity: over 7,000 troops"
    )


def test_a_figure_before_a_later_modal_stays_a_quantity() -> None:
    found = labels(
        "Recent reports indicate that North Korea has sent around 10,000 troops to Russia, with "
        "intentions to engage in combat in the coming weeks."
    )
    assert found["QUANTITY"] == "quantity: about 10,000 troops" and "PREDICTION" in found


@pytest.mark.parametrize(
    ("sentence", "label", "cue"),
    [
        ("It faces international sanctions because of its nuclear weapons programme.", "CAUSAL", "causal: because"),
        ("It faces international sanctions because of its nuclear weapons programme.", "RULE", "rule: sanctions"),
        ("The court ruled that the ban on exports stays.", "RULE", "rule: ruled"),
        ("Putin will certainly ask Kim for more soldiers.", "PREDICTION", "future: will"),
        ("Pyongyang plans to send more troops.", "PREDICTION", "future: plans to"),
        ("The deal leads to higher prices.", "CAUSAL", "causal: leads to"),
        ("Experts believe Kim is in a corner.", "POSITION", "stance: believe"),
        (
            "“North Korea is not sending troops but rather mercenaries,” the minister told parliament.",
            "POSITION",
            "quote: “North Korea is not sending troops but…”",
        ),
        ("The North Korean media has not reported the deployment.", "EVENT", "attribution: reported"),
        ("According to the agency, Russia equipped the soldiers with rifles.", "EVENT", "attribution: According to"),
    ],
)
def test_cue_rules(sentence: str, label: str, cue: str) -> None:
    assert labels(sentence)[label] == cue


def test_spans_are_trimmed_sentences_and_headings_questions_are_skipped() -> None:
    text = "A New Chapter in the War\nWill it kill him?\n“They said 10,000 troops went.”"
    [only] = suggest(text)
    assert text[only.start : only.end] == "They said 10,000 troops went"
    assert only.label == "QUANTITY"


def test_visible_hides_rejected_and_claimed() -> None:
    a, b, c = Suggestion(0, 10, "EVENT", "x"), Suggestion(20, 30, "QUANTITY", "y"), Suggestion(40, 50, "RULE", "z")
    assert list(visible([a, b, c], {b.key}, [(39, 46)])) == [a]


def quantity_suggestion(store: Store) -> tuple[str, Suggestion]:
    article_id = store.articles.ids()[0]
    first = next(s for s in pending(store, article_id, "alice") if s.label == "QUANTITY")
    return article_id, first


def test_reject_hides_for_that_annotator_only_and_undo_unhides(seeded: Store) -> None:
    article_id, item = quantity_suggestion(seeded)
    seeded.decisions.reject("alice", article_id, item.start, item.end, item.label)
    assert item not in pending(seeded, article_id, "alice") and item in pending(seeded, article_id, "bob")
    assert seeded.decisions.of("alice", article_id) == {item.key: "rejected"}
    assert seeded.history.undo("alice", article_id)[0].kind == "reject"
    assert item in pending(seeded, article_id, "alice")
    seeded.history.redo("alice", article_id)
    assert item not in pending(seeded, article_id, "alice")


def test_accept_creates_an_ordinary_claim_and_undo_removes_it(seeded: Store) -> None:
    article_id, item = quantity_suggestion(seeded)
    claim = seeded.decisions.accept(
        "alice", article_id, item.start, item.end, item.label, ClaimFields(label="EVENT", confidence=2)
    )
    assert (claim.origin, claim.label, claim.start, claim.end) == ("suggestion", "EVENT", item.start, item.end)
    assert seeded.claims.of_article(article_id, ["alice"]) == [claim]
    assert item not in pending(seeded, article_id, "alice")
    assert seeded.decisions.of("alice", article_id) == {item.key: "accepted"}
    [undone] = seeded.history.undo("alice", article_id)
    assert undone.kind == "create" and seeded.claims.of_article(article_id, ["alice"]) == []
    assert item in pending(seeded, article_id, "alice") and seeded.history.undo("alice", article_id) == []
    assert seeded.history.check() == []


def test_cli_suggest_json_and_table(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(cli, ["suggest", "--json"]).output)
    assert {"article_id", "start", "end", "label", "cue", "text"} <= set(rows[0])
    assert rows and {r["cue"].partition(":")[0] for r in rows} == {"quantity"}  # no model: the established rule
    every = json.loads(runner.invoke(cli, ["suggest", "--all", "--json"]).output)
    assert any(r["cue"] == "forecast: up to 100,000 troops" for r in every) and len(every) > 2 * len(rows)
    one = rows[0]["article_id"]
    only = json.loads(runner.invoke(cli, ["suggest", "--article", one, "--json"]).output)
    assert only and {r["article_id"] for r in only} == {one}
    table = runner.invoke(cli, ["suggest", "--article", one])
    assert table.exit_code == 0 and "suggestions" in table.output


def test_cli_suggest_unknown_article_is_one_line_exit_1(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["suggest", "--article", "nope"])
    assert result.exit_code == 1 and "no article with id nope" in result.output


def test_every_seed_sentence_with_a_figure_has_one_suggestion_per_label(seeded: Store) -> None:
    for article_id in seeded.articles.ids():
        text = seeded.articles.get(article_id).text
        keys = [(s.start, s.label) for s in suggest(text)]
        assert len(keys) == len(set(keys))
        starts = set(Segments(text).sentence_starts)
        assert all(s.start in starts or text[s.start - 1] in '“"' for s in suggest(text))


def test_only_the_schemas_labels_are_suggested(db_path: Path, fashion_schema) -> None:
    store = Store(db_path, schema=fashion_schema)
    import_seeds(store)
    assert all(pending(store, article_id, "alice") == [] for article_id in store.articles.ids())
    store.close()
