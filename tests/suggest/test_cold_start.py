"""What a new annotator sees before any model has learned a label: only the cue rules of established precision, one
suggestion a sentence, never the catch-all statement rule; measured on the seeds against the gold fixture."""

from __future__ import annotations

from bench.bench_cold_start import ESTABLISHED_AT, TARGET_ACCEPTED, TARGET_DENSITY, fresh_views, seeds_precision
from reader.learn.model import model_for
from reader.store import Store
from reader.suggest import pending
from reader.suggest.cues import ESTABLISHED
from reader.suggest.suggester import suggest_cold


def test_seed_000_on_a_fresh_database_shows_few_suggestions_the_gold_accepts() -> None:
    views = fresh_views()
    first = views["000"]
    assert first.shown and first.shown <= TARGET_DENSITY * first.sentences
    assert first.accepted >= TARGET_ACCEPTED * first.shown
    assert all(set(view.rules) <= ESTABLISHED for view in views.values())


def test_the_established_rules_clear_the_bar_on_the_seeds_gold_and_the_catch_all_never_does() -> None:
    precision = seeds_precision()
    assert all(precision[rule].bound >= ESTABLISHED_AT for rule in ESTABLISHED)
    assert "statement" not in ESTABLISHED and precision["statement"].bound < ESTABLISHED_AT


def test_the_cold_view_offers_one_label_a_sentence_and_the_full_view_every_rule(seeded: Store) -> None:
    article_id = seeded.articles.ids()[0]
    assert model_for(seeded)[0] is None
    text = seeded.articles.get(article_id).text
    every = suggest_cold(text, everything=True)
    shown = pending(seeded, article_id, "newcomer")
    assert shown == suggest_cold(text) and {s.rule for s in shown} == {"quantity"}
    assert len({(s.start, s.end) for s in shown}) == len(shown)
    assert {s.rule for s in every} > {"quantity", "statement"} and len(every) > 3 * len(shown)
    assert pending(seeded, article_id, "newcomer", everything=True) == every
