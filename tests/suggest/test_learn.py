"""The learned suggester and the cue table: schema checks, labelled sentences, training, scores, cross-validation,
CLI."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.errors import InputError
from reader.learn import model as learned
from reader.learn.evaluate import curve_sizes, evaluate, folds_of
from reader.learn.model import best_threshold, model_for, suggest_with, train
from reader.learn.training import TrainingArticle, corpus_sentences, labelled_sentences, training_articles
from reader.models import ClaimFields, GoldItem
from reader.schema import DEFAULT_SCHEMA, LabelDef, Schema, load_schema
from reader.seeds import import_seeds
from reader.segment import strip_span, trim_span
from reader.store import Store
from reader.suggest.cues import RULE_NAMES, rules_for
from reader.suggest.suggester import cue_map, cue_note, pending, suggest
from tests.helpers import FIXTURES
from tests.suggest.helpers import tag_gold

pytest.importorskip("sklearn")


def custom_schema(*labels: LabelDef) -> Schema:
    return Schema(labels=list(labels), confidence=DEFAULT_SCHEMA.confidence, default_confidence=3)


@pytest.fixture
def tagged(seeded: Store) -> Store:
    tag_gold(seeded)
    return seeded


# -- the cue table, checked against the schema -------------------------------------------------------------------------


def test_the_cue_table_keys_rules_by_label_and_a_schema_may_list_its_own() -> None:
    assert rules_for("QUANTITY") == ("quantity",) and rules_for("EVENT") == ("attribution", "event", "statement")
    assert rules_for("PERSONAL") == () and rules_for("NUMBER", ["quantity", "forecast"]) == ("quantity", "forecast")
    number = LabelDef(name="NUMBER", key="1", color="#000000", cues=["quantity"])
    assert cue_map([number]) == {"quantity": ("NUMBER",)}
    text = "Officials said 3,000 soldiers arrived in Kursk last week."
    assert [(s.label, s.cue) for s in suggest(text, cue_map([number]))] == [("NUMBER", "quantity: 3,000 troops")]
    assert {s.label for s in suggest(text)} == {"QUANTITY"}


def test_an_unknown_cue_rule_in_a_schema_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        'default_confidence = 3\n[[labels]]\nname = "A"\nkey = "1"\ncolor = "#000000"\ncues = ["figures"]\n'
        '[[confidence]]\nvalue = 3\nname = "sure"\nkey = "3"\n'
    )
    with pytest.raises(InputError, match=r"labels\.0\.cues: .*unknown cue rule\(s\) figures; known: quantity"):
        load_schema(path)


def test_a_custom_schema_gets_a_note_of_which_cue_rules_apply(fashion_schema: Schema) -> None:
    assert cue_note(DEFAULT_SCHEMA.labels) is None
    assert cue_note(fashion_schema.labels) == "cue rules for this schema: none; no cue rule suggests FASHION_BRAND"
    mixed = custom_schema(
        LabelDef(name="QUANTITY", key="1", color="#000000"),
        LabelDef(name="CLAIM", key="2", color="#000000", cues=["stance", "quote"]),
        LabelDef(name="MISC", key="3", color="#000000"),
    )
    assert cue_note(mixed.labels) == (
        "cue rules for this schema: QUANTITY ← quantity; CLAIM ← stance, quote; no cue rule suggests MISC"
    )


def test_a_label_listing_rules_gets_their_suggestions_in_the_reader_and_suggest(db_path: Path) -> None:
    schema = custom_schema(LabelDef(name="NUMBER", key="1", color="#000000", cues=["quantity", "forecast"]))
    store = Store(db_path, schema=schema)
    import_seeds(store)
    found = pending(store, store.articles.ids()[0], "alice")
    assert found and {s.label for s in found} == {"NUMBER"}
    assert all(s.cue.startswith(("quantity:", "forecast:")) for s in found)
    store.close()


# -- labelled sentences from claims
# --------------------------------------------------------------------------------------


def test_a_claim_labels_the_sentences_it_overlaps_and_only_done_articles_give_negatives() -> None:
    text = "Troops went. They said 3,000 more will go. Nobody knows."
    article = TrainingArticle("a", text, [(0, 12), (13, 42), (43, 56)], [(18, 30, "QUANTITY"), (5, 20, "EVENT")], False)
    first, second, third = labelled_sentences(article)
    assert (first.text, first.labels) == ("Troops went", frozenset({"EVENT"}))
    assert second.labels == frozenset({"EVENT", "QUANTITY"}) and third.labels == frozenset()
    assert first.known("EVENT") and not first.known("QUANTITY") and not third.known("EVENT")
    done = labelled_sentences(TrainingArticle("a", text, [(0, 12)], [], True))
    assert done[0].known("QUANTITY")


def test_training_articles_take_gold_first_and_skip_untouched_articles(db_path: Path) -> None:
    store = Store(db_path, schema=DEFAULT_SCHEMA.model_copy(update={"leads": ["carol"]}))
    import_seeds(store)
    first, second, third = store.articles.ids()[:3]
    store.claims.create(first, "alice", 0, 20, ClaimFields(label="EVENT", confidence=3))
    store.claims.create(second, "bob", 0, 20, ClaimFields(label="EVENT", confidence=3))
    store.progress.set_done(second, "bob", True)
    store.claims.create(third, "bob", 0, 20, ClaimFields(label="EVENT", confidence=3))
    store.gold.accept("carol", third, [GoldItem("r", 5, 30, ClaimFields(label="RULE", confidence=3))])
    found = {a.article_id: a for a in training_articles(store)}
    assert set(found) == {first, second, third} and store.articles.ids()[3] not in found
    assert not found[first].done and found[second].done and found[third].done
    edges = [strip_span(store.articles.get(a).text, start, end) for a, start, end in ((first, 0, 20), (third, 5, 30))]
    assert found[first].claims == [(*edges[0], "EVENT")] and found[third].claims == [(*edges[1], "RULE")]
    assert found[first].sentences == store.articles.sentences(first)
    store.close()


# -- the model
# ------------------------------------------------------------------------------------------------------------


def sport_corpus() -> list[TrainingArticle]:
    """Six done articles where SPORT claims are exactly the sentences about football."""
    articles = []
    for i in range(6):
        lines = [
            f"The football club {i} won the league again this season.",
            f"The council {i} met on Tuesday evening.",
            f"Fans of football team {i} filled the stadium to the roof.",
            f"Rain {i} is expected over the weekend.",
        ]
        text = "\n".join(lines)
        starts = [sum(len(line) + 1 for line in lines[:k]) for k in range(len(lines))]
        spans = [(start, start + len(line)) for start, line in zip(starts, lines, strict=True)]
        claims = [(*spans[k], "SPORT") for k in (0, 2)]
        articles.append(TrainingArticle(f"a{i}", text, spans, claims, True))
    return articles


def test_best_threshold_is_the_cut_with_the_best_f1_and_never_splits_a_tie() -> None:
    import numpy as np

    assert best_threshold(np.array([0.9, 0.8, 0.7, 0.2]), np.array([1, 1, 0, 0], dtype=bool)) == 0.8
    assert best_threshold(np.array([0.9, 0.5, 0.5]), np.array([1, 1, 0], dtype=bool)) == 0.5
    assert best_threshold(np.array([0.3, 0.2]), np.array([0, 0], dtype=bool)) == learned.DEFAULT_THRESHOLD


def test_the_model_learns_a_label_no_cue_rule_knows() -> None:
    model = train(corpus_sentences(sport_corpus()), ["SPORT", "RULE"])
    assert set(model.labels) == {"SPORT"}  # RULE has no claims: left to the cue rules
    football, council = model.scores(
        ["The football club 0 won the league again this season.", "The council 0 met on Tuesday evening."]
    )["SPORT"]
    cut = model.labels["SPORT"].threshold
    assert football >= cut > council
    assert model.sentences == 24 and model.claims == 12 and "trained on 12 claims in 24 sentences" in model.describe()


def test_the_combined_suggester_scores_modelled_labels_and_keeps_cue_rules_for_the_rest() -> None:
    model = train(corpus_sentences(sport_corpus()), ["SPORT"])
    text = "Fans of football team 1 filled the stadium to the roof.\nOfficials counted 40,000 people on Tuesday."
    rules = cue_map(
        [LabelDef(name="SPORT", key="1", color="#000000"), LabelDef(name="QUANTITY", key="2", color="#000000")]
    )
    found = suggest_with(model, text, rules, everything=True)
    assert [(s.label, s.cue) for s in found] == [
        ("SPORT", "model"),
        ("QUANTITY", "quantity: 1"),
        ("QUANTITY", "quantity: 40,000"),
    ]
    assert suggest_with(model, text, rules) == [found[0], found[2]]  # by default, one a sentence: its best
    assert found[0].score is not None and found[0].score >= model.labels["SPORT"].threshold
    assert (
        found[1].score is None and found[2].score is None and text[found[0].start : found[0].end].startswith("Fans of")
    )


def test_a_sentences_labels_come_best_first(tagged: Store) -> None:
    model, state = model_for(tagged)
    assert model is not None and state.startswith("model trained on")
    for article_id in tagged.articles.ids():
        found = pending(tagged, article_id, "bob", model)
        for a, b in itertools.pairwise(found):
            assert (a.start, a.end) <= (b.start, b.end)
            if (a.start, a.end) == (b.start, b.end) and a.score is not None and b.score is not None:
                assert a.score >= b.score


def test_model_for_says_why_only_cue_rules_run(seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert model_for(seeded) == (None, "model needs 3 claims of a label and a done article")
    article_id = seeded.articles.ids()[0]
    for start, end in seeded.articles.sentences(article_id)[:2]:
        seeded.claims.create(article_id, "bob", start, end, ClaimFields(label="EVENT", confidence=3))
    assert model_for(seeded) == (None, "model needs 1 more claim of a label and a done article")
    seeded.progress.set_done(article_id, "bob", True)
    assert model_for(seeded) == (None, "model needs 1 more claim of a label")
    monkeypatch.setitem(sys.modules, "sklearn", None)
    assert model_for(seeded) == (None, learned.MISSING)


def test_model_for_featurizes_only_sentences_that_say_something(seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    featurized: list[str] = []
    features = learned.features

    def recording(texts: list[str], **kwargs: bool) -> object:
        featurized.extend(texts)
        return features(texts, **kwargs)

    monkeypatch.setattr(learned, "features", recording)
    first, *_, last = seeded.articles.ids()
    for start, end in seeded.articles.sentences(first)[:4]:
        seeded.claims.create(first, "bob", start, end, ClaimFields(label="EVENT", confidence=3))
    assert model_for(seeded) == (None, "model needs a done article") and featurized == []  # nothing to learn yet
    tag_gold(seeded, skip={first})
    model, _ = model_for(seeded)
    assert model is not None
    text = seeded.articles.get(first).text
    claimed = {trim_span(text, s, e) for s, e in seeded.articles.sentences(first)[:4]}
    unknown = [trim_span(text, s, e) for s, e in seeded.articles.sentences(first)[4:]]
    assert {text[s:e] for s, e in claimed} <= set(featurized)  # the undone article's claims are positives
    assert not {text[s:e] for s, e in unknown} & set(featurized)  # its other sentences could be anything
    done = seeded.articles.get(last).text
    assert any(sentence in done for sentence in featurized)  # a done article's sentences are all known


# -- cross-validation
# ---------------------------------------------------------------------------------------------------


def test_folds_split_done_articles_whole_and_balanced() -> None:
    articles = [*sport_corpus(), TrainingArticle("open", "Football.", [(0, 9)], [], False)]
    folds = folds_of(articles, 3)
    ids = [a.article_id for fold in folds for a in fold]
    assert sorted(ids) == [f"a{i}" for i in range(6)] and [len(f) for f in folds] == [2, 2, 2]
    with pytest.raises(InputError, match="needs at least 7 done articles to make 7 folds; 6 are marked done"):
        folds_of(articles, 7)
    assert curve_sizes(450) == [50, 100, 200, 400] and curve_sizes(50) == []


def test_evaluate_on_the_seeds_gold(tagged: Store) -> None:
    rules = cue_map(tagged.schema.labels)
    result = evaluate(training_articles(tagged), tagged.schema.label_names, rules, folds=5)
    assert result.articles == 5 and set(result.counts) == {"cues", "model", "combined", "shown"}
    cues, combined = result.counts["cues"], result.counts["combined"]
    assert cues["QUANTITY"].recall == 1.0 and combined["QUANTITY"].recall >= 0.95
    shown = result.overall("shown")  # the default view: fewer suggestions, at least 80% of them claims
    assert shown.precision >= 0.8 and result.counts["shown"]["QUANTITY"].recall >= 0.95
    assert shown.tp + shown.fp < result.overall("combined").tp + result.overall("combined").fp
    assert result.overall("cues").tp + result.overall("cues").fn == sum(c.tp + c.fn for c in cues.values()) > 150
    assert [size for size, _ in result.curve][:2] == [50, 100] and 0 < result.curve[-1][1] <= 1
    assert result.curve[-1][1] == result.overall("combined").f1


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIM_READER_DB", raising=False)
    monkeypatch.setenv("CLAIM_READER_ANNOTATOR", "bob")
    store = Store(tmp_path / "annotations.db")
    import_seeds(store)
    tag_gold(store)
    store.close()
    return CliRunner()


def test_cli_evaluate_prints_tables_and_a_learning_curve(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["suggest", "--evaluate", "--folds", "5"])
    assert result.exit_code == 0, result.output
    assert "5 folds of whole articles: 5 done" in result.output and "overall" in result.output
    assert "learning curve" in result.output and "█" in result.output
    data = json.loads(runner.invoke(cli, ["suggest", "--evaluate", "--folds", "2", "--json"]).stdout)
    assert data["folds"] == 2 and set(data["systems"]) == {"cues", "model", "combined", "shown"}
    assert set(data["systems"]["cues"]["labels"]) == set(DEFAULT_SCHEMA.label_names)
    assert data["learning_curve"][0] == {"sentences": 50, "f1": data["learning_curve"][0]["f1"]}


def test_cli_evaluate_errors(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.invoke(cli, ["suggest", "--folds", "3"]).exit_code == 2
    every = runner.invoke(cli, ["suggest", "--evaluate", "--all"])
    assert every.exit_code == 2 and "drop --article and --all" in every.output
    too_many = runner.invoke(cli, ["suggest", "--evaluate", "--folds", "6"])
    assert too_many.exit_code == 1 and too_many.output.startswith("claim-reader: error: --evaluate needs at least 6")
    monkeypatch.setitem(sys.modules, "sklearn", None)
    missing = runner.invoke(cli, ["suggest", "--evaluate"])
    assert missing.exit_code == 1 and "pip install 'claim-reader[learn]'" in missing.output
    assert "Traceback" not in missing.output


def test_cli_suggest_ranks_by_the_model_and_says_what_it_knows(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = json.loads(runner.invoke(cli, ["suggest", "--all", "--json"]).output)
    store = Store(Path("annotations.db"))
    model, _ = model_for(store)
    store.close()
    assert model is not None and model.labels
    assert {r["label"] for r in rows if r["score"] is not None} == set(model.labels)
    assert all(isinstance(r["score"], float) for r in rows if r["label"] in model.labels)
    shown = json.loads(runner.invoke(cli, ["suggest", "--json"]).output)  # by default only the precise ones
    assert shown and all(row in rows for row in shown) and len(shown) < len(rows)
    assert {r["label"] for r in shown} == {label for label, _ in model.precise_cues}
    table = runner.invoke(cli, ["suggest", "--article", rows[0]["article_id"]], terminal_width=200)
    assert table.exit_code == 0 and "model trained on 216 claims in" in table.output and "score" in table.output
    assert "shown: suggestions at least 80% precise" in table.output and "--all shows every suggestion" in table.output
    monkeypatch.setitem(sys.modules, "sklearn", None)
    assert all(r["score"] is None for r in json.loads(runner.invoke(cli, ["suggest", "--json"]).output))
    cues_only = runner.invoke(cli, ["suggest", "--article", rows[0]["article_id"]], terminal_width=200)
    assert cues_only.exit_code == 0 and "pip install 'claim-reader[learn]'; cue rules only" in cues_only.output


def test_cli_suggest_names_the_cue_rules_of_a_custom_schema(runner: CliRunner, fashion_schema: Schema) -> None:
    fashion = FIXTURES / "fashion.toml"
    result = runner.invoke(cli, ["--db", "f.db", "--schema", str(fashion), "suggest"], terminal_width=200)
    assert result.exit_code == 0 and "no cue rule suggests FASHION_BRAND" in result.output


def test_suggest_evaluate_never_imports_textual(runner: CliRunner) -> None:
    code = (
        "import sys\nfrom reader.cli import cli\ntry:\n    cli(['suggest', '--evaluate', '--folds', '2', '--json'])\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "sys.stderr.write(f'exit={code} textual={\"textual\" in sys.modules}')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().endswith("exit=0 textual=False"), result.stderr[-500:]


def test_a_retrain_featurizes_only_sentences_it_has_not_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    learned.FEATURE_ROWS.clear()
    first = learned.features(["Troops said 3,000 went.", "It rained."], with_cues=True)
    seen: list[list[str]] = []
    featurize = learned._featurize
    monkeypatch.setattr(
        learned, "_featurize", lambda s, with_cues: seen.append(list(s)) or featurize(s, with_cues=with_cues)
    )
    again = learned.features(["It rained.", "New one.", "Troops said 3,000 went."], with_cues=True)
    assert seen == [["New one."]]
    assert (again[0] != first[1]).nnz == 0 and (again[2] != first[0]).nnz == 0
    assert first[0, learned.HASHED_FEATURES + RULE_NAMES.index("quantity")] == learned.CUE_WEIGHT


def test_a_label_stays_with_its_cue_rules_where_they_beat_the_model(tagged: Store) -> None:
    sentences = corpus_sentences(training_articles(tagged))
    rules = cue_map(tagged.schema.labels)
    combined, words_only = (
        train(sentences, tagged.schema.label_names, rules=rules),
        train(sentences, tagged.schema.label_names),
    )
    assert "QUANTITY" in words_only.labels and "QUANTITY" not in combined.labels  # the quantity rule finds all 23
    found = suggest_with(combined, tagged.articles.get(tagged.articles.ids()[0]).text, rules)
    assert any(s.label == "QUANTITY" and s.score is None and s.cue.startswith("quantity:") for s in found)


def test_evaluate_works_on_a_schema_the_cue_rules_know_nothing_of() -> None:
    rules = cue_map([LabelDef(name="SPORT", key="1", color="#000000")])
    result = evaluate(sport_corpus(), ["SPORT"], rules, folds=3)
    assert rules == {} and result.articles == 6 and result.sentences == 24
    assert result.overall("cues").f1 == 0.0 and result.overall("cues").fn == 12
    assert result.overall("model").f1 > 0.8 and result.overall("combined").f1 > 0.8
    assert result.record()["systems"]["combined"]["labels"]["SPORT"]["support"] == 12


def test_a_retrain_on_the_same_claims_gives_the_same_scores(tagged: Store) -> None:
    sentences = corpus_sentences(training_articles(tagged))
    rules = cue_map(tagged.schema.labels)
    first, again = (train(sentences, tagged.schema.label_names, rules=rules) for _ in range(2))
    texts = [s.text for s in sentences[:60]]
    assert first.labels and first.labels.keys() == again.labels.keys()
    assert all((first.scores(texts)[label] == again.scores(texts)[label]).all() for label in first.labels)
