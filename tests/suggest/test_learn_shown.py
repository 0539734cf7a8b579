"""What the reader shows by default: suggestions whose label (score or cue rule) proved precise on held-out claims;
everything else stays one key (W) or flag (--all) away. Rejected suggestions teach the model too."""

from __future__ import annotations

import random

import pytest

from reader.learn import model as learned
from reader.learn.model import held_back, precise_threshold, precision_bound, suggest_with, train
from reader.learn.training import TrainingArticle, corpus_sentences, labelled_sentences, training_articles
from reader.models import ClaimFields
from reader.schema import LabelDef
from reader.store import Store
from reader.suggest.suggester import cue_map, suggest

pytest.importorskip("sklearn")
import numpy as np


def test_the_precision_bound_does_not_take_a_few_hits_for_certain() -> None:
    assert precision_bound(3, 3) < 0.8 <= precision_bound(40, 40)
    assert precision_bound(0, 0) == 0.0 and precision_bound(45, 50) > 0.8 > precision_bound(9, 10)
    assert np.allclose(
        precision_bound(np.array([3, 40]), np.array([3, 40])), [precision_bound(3, 3), 1 - 0.0635], atol=0.01
    )


def test_the_shown_cut_is_the_lowest_score_precise_enough_on_held_out_scores() -> None:
    scores = np.linspace(1.0, 0.01, 100)
    y = np.r_[np.ones(40, dtype=bool), np.zeros(60, dtype=bool)]
    cut = precise_threshold(scores, y)  # 40 hits then misses: the cut goes down past a few misses, no further
    assert cut is not None and scores[45] <= cut <= scores[40]
    assert precise_threshold(scores[:3], y[:3]) is None  # 3 of 3 is too little evidence for 80%
    assert precise_threshold(scores, ~y) is None


def sport_text(i: int) -> tuple[str, list[tuple[int, int]]]:
    lines = [
        f"Team {i} scored 3 goals in the football final.",
        f"Officials counted {i + 40} people at the town event.",
        f"Officials counted {i + 70} people at the city event.",
    ]
    starts = [sum(len(line) + 1 for line in lines[:k]) for k in range(len(lines))]
    return "\n".join(lines), [(start, start + len(line)) for start, line in zip(starts, lines, strict=True)]


def test_default_suggestions_keep_only_precise_scores_and_cue_rules() -> None:
    """SPORT is learned and precise; the quantity rule fires on every sentence, but only one in three (no word tells
    which) is a QUANTITY claim: the rule beats the words and still is not precise enough to show."""
    rng = random.Random(5)
    articles = []
    for i in range(30):
        text, spans = sport_text(i)
        claims = [(*spans[0], "SPORT"), (*spans[rng.randrange(3)], "QUANTITY")]
        articles.append(TrainingArticle(f"a{i}", text, spans, claims, True))
    labels = [LabelDef(name="SPORT", key="1", color="#000000"), LabelDef(name="QUANTITY", key="2", color="#000000")]
    rules = cue_map(labels)
    model = train(corpus_sentences(articles), ["SPORT", "QUANTITY"], rules=rules)
    assert "QUANTITY" not in model.labels and model.precise_cues == frozenset()  # 30 of 90: far from 80%
    assert model.labels["SPORT"].shown is not None
    text, _ = sport_text(99)
    shown, every = suggest_with(model, text, rules), suggest_with(model, text, rules, everything=True)
    assert [(s.label, s.start) for s in shown] == [("SPORT", 0)]
    assert {s.label for s in every} == {"SPORT", "QUANTITY"} and len(every) == 4
    assert held_back(model, rules) == (
        "shown: suggestions at least 80% precise on held-out claims; none yet for"
        " QUANTITY (--all shows every suggestion)"
    )
    every_figure = [
        TrainingArticle(
            a.article_id, a.text, a.sentences, [*a.claims, *((*span, "QUANTITY") for span in a.sentences)], True
        )
        for a in articles
    ]
    precise = train(corpus_sentences(every_figure), ["QUANTITY"], rules=rules)
    assert precise.precise_cues == {("QUANTITY", "quantity")}  # every figure a claim: the rule is shown


def test_a_model_without_cue_judgements_leaves_the_cue_rules_shown() -> None:
    articles = []
    for i in range(30):
        text, spans = sport_text(i)
        articles.append(TrainingArticle(f"a{i}", text, spans, [(*spans[0], "SPORT")], True))
    rules = cue_map(
        [LabelDef(name="SPORT", key="1", color="#000000"), LabelDef(name="QUANTITY", key="2", color="#000000")]
    )
    words_only = train(corpus_sentences(articles), ["SPORT"])
    assert {s.label for s in suggest_with(words_only, sport_text(99)[0], rules)} == {"SPORT", "QUANTITY"}


def test_a_rejected_suggestion_is_a_negative_for_its_label_in_an_article_not_done() -> None:
    text, spans = sport_text(0)
    article = TrainingArticle(
        "a",
        text,
        spans,
        [(*spans[0], "SPORT")],
        False,
        rejected=[(*spans[1], "SPORT"), (*spans[0], "SPORT"), (*spans[2], "QUANTITY")],
    )
    first, second, third = labelled_sentences(article)
    assert first.known("SPORT") and first.rejected == frozenset()  # claimed by someone: the claim wins
    assert second.known("SPORT") and "SPORT" not in second.labels and not second.known("QUANTITY")
    assert third.known("QUANTITY") and not third.known("SPORT")


def test_training_articles_bring_rejected_suggestions_from_the_store(seeded: Store) -> None:
    first, second = seeded.articles.ids()[:2]
    start, end = seeded.articles.sentences(first)[0]
    seeded.decisions.reject("bob", first, start, end, "EVENT")
    seeded.claims.create(second, "bob", 0, 20, ClaimFields(label="EVENT", confidence=3))
    found = {a.article_id: a for a in training_articles(seeded)}
    assert set(found) == {first, second}
    assert found[first].rejected == [(start, end, "EVENT")] and found[second].rejected == []
    assert not found[first].done and found[first].claims == []


def test_cue_precision_is_judged_for_the_rule_that_names_the_suggestion() -> None:
    """A label two rules suggest is judged per rule, each sentence counted for the first rule to fire, as the
    suggester names it."""
    rules = cue_map([LabelDef(name="NUMBER", key="1", color="#000000", cues=["future", "quantity"])])
    both, only_future = "About 3,000 troops will go there next week.", "The troops will go there next week."
    assert [s.rule for s in suggest(both, rules)] == ["quantity"] and [s.rule for s in suggest(only_future, rules)] == [
        "future"
    ]
    fired = learned._cue_labels(learned.features([both, only_future], with_cues=True), rules)
    assert fired["NUMBER"]["quantity"].tolist() == [True, False] and fired["NUMBER"]["future"].tolist() == [False, True]
