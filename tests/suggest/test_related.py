"""Related claims: ranking by figures, names and wording, each explained; claims before sentences; never numbers
alone."""

from __future__ import annotations

from reader.linking.related import Candidate, features, rank, related
from reader.linking.sources import quotes
from reader.models import ClaimFields
from reader.segment import Segments
from reader.store import Store


def sentence_with(store: Store, snippet: str) -> tuple[str, int, int]:
    for article_id in store.articles.ids():
        text = store.articles.get(article_id).text
        if snippet in text:
            return (article_id, *Segments(text).sentence_at(text.index(snippet)))
    raise AssertionError(snippet)


def test_names_are_normalized_and_sentence_openers_dropped() -> None:
    found = features("According to Lee Woong-gil, Kim Jong Un and The Storm Corps met Kim Jong-un’s envoy.")
    assert found.names == {"lee woong gil", "kim jong un", "storm corps"}


def test_the_same_figure_is_a_shared_number_a_near_one_a_rival() -> None:
    pool = [
        Candidate("b", 0, 40, "NATO said approximately 10,000 soldiers arrived."),
        Candidate("c", 0, 40, "Around 11,000 North Korean soldiers are in Kursk."),
        Candidate("d", 0, 40, "Over 3,000 North Korean soldiers were moved to the front."),
    ]
    matches = {m.candidate.article_id: m for m in rank("The Pentagon says around 10,000 troops were sent.", pool)}
    assert "shared number 10,000 troops" in matches["b"].reasons and matches["b"].relation == "same"
    assert "close number about 10,000 troops vs about 11,000 troops" in matches["c"].reasons
    assert matches["c"].relation == "conflicts"
    assert "d" not in matches or not any("number" in reason for reason in matches["d"].reasons)
    assert matches["b"].score > matches["c"].score


def test_numbers_alone_do_not_match() -> None:
    pool = [Candidate("b", 0, 30, "Over 3,000 soldiers moved."), Candidate("c", 0, 30, "Over 7,000 soldiers armed.")]
    for match in rank("Around 10,000 troops were sent.", pool):
        assert not any("number" in reason for reason in match.reasons)


def test_seed_troop_figures_find_each_other(seeded: Store) -> None:
    top = related(seeded, *sentence_with(seeded, "has sent around 10,000 troops"), limit=3)
    assert any("shared number 10,000 troops" in m.reasons for m in top)
    assert not any("3,000" in m.candidate.text or "7,000" in m.candidate.text for m in top)
    assert all(m.candidate.article_id != seeded.articles.ids()[0] for m in top)


def test_seed_source_description_is_found_by_name(seeded: Store) -> None:
    top = related(seeded, *sentence_with(seeded, "former North Korean army lieutenant and head"), limit=3)
    assert any("former sergeant" in m.candidate.text and "shared name Ahn Chan-il" in m.reasons for m in top)


def test_seed_quote_variant_is_found_by_wording(seeded: Store) -> None:
    [best, *_] = related(seeded, *sentence_with(seeded, "won’t likely come back home alive"), limit=3)
    assert "unlikely to come back home alive" in best.candidate.text
    assert any(reason.startswith("similar wording") for reason in best.reasons)


def test_a_reworded_quote_outranks_sentences_that_only_name_the_speaker(seeded: Store) -> None:
    [best, *_] = related(seeded, *sentence_with(seeded, "unlikely to come back home alive"), limit=3)
    assert "won’t likely come back home alive" in best.candidate.text
    assert "same quote reworded 80%" in best.reasons and best.relation == "quote-variant"


def test_a_quote_left_open_ends_with_its_paragraph_or_text() -> None:
    assert quotes("He said: “I think most of them won’t likely come back") == [
        "I think most of them won’t likely come back"
    ]
    assert quotes("Most of them are unlikely to come back,” said Lee.") == ["Most of them are unlikely to come back,"]
    assert quotes("“Kim is in a corner, it is high risk.\n“They are under-trained and poorly fed,” he said.") == [
        "Kim is in a corner, it is high risk.",
        "They are under-trained and poorly fed,",
    ]


def test_claims_of_a_first_find_each_other_and_an_order_is_no_first() -> None:
    pool = [
        Candidate("b", 0, 60, "It is North Korea’s first substantial involvement in a war abroad."),
        Candidate("c", 0, 60, "The world watches this unprecedented engagement."),
        Candidate("d", 0, 60, "As the first contingent of soldiers readies, fate is uncertain."),
    ]
    matches = {
        m.candidate.article_id: m
        for m in rank("This is the first time the regime has deployed a large ground force.", pool)
    }
    assert "both claim a first" in matches["b"].reasons
    assert "both claim a first (first / unprecedented)" in matches["c"].reasons
    assert matches["b"].score > matches["c"].score
    assert "d" not in matches or "both claim a first" not in matches["d"].reasons
    assert features("As the first contingent arrived.").first is None


def test_claims_rank_before_unannotated_sentences_and_cover_them(seeded: Store) -> None:
    article_id, start, end = sentence_with(seeded, "approximately 10,000 soldiers")
    claim = seeded.claims.create(article_id, "bob", start, end, ClaimFields(label="QUANTITY", confidence=3))
    top = related(seeded, *sentence_with(seeded, "has sent around 10,000 troops"), limit=5)
    assert top[0].candidate.claim == claim
    assert not any(
        m.candidate.claim is None
        and m.candidate.article_id == article_id
        and m.candidate.start < end
        and start < m.candidate.end
        for m in top
    )


def test_a_big_corpus_is_narrowed_by_full_text_search(seeded: Store, monkeypatch) -> None:
    monkeypatch.setattr("reader.linking.related.SCAN_ALL", 2)
    top = related(seeded, *sentence_with(seeded, "former North Korean army lieutenant and head"), limit=3)
    assert any("shared name Ahn Chan-il" in m.reasons for m in top)
    assert len({m.candidate.article_id for m in top}) <= 2


def test_the_pool_is_read_in_four_statements_however_many_articles(seeded: Store) -> None:
    from reader.linking.related import related_pool

    ids = seeded.articles.ids()
    seeded.claims.create(ids[1], "bob", 0, 20, ClaimFields(label="EVENT", confidence=2))
    seen: list[str] = []
    seeded.db.conn.set_trace_callback(seen.append)
    pool = related_pool(seeded, ids[0], "around 10,000 troops")
    seeded.db.conn.set_trace_callback(None)
    assert len(seen) == 4  # count, ids, then the other articles and their claims: not two per article
    assert set(pool.titles) == {c.article_id for c in pool.candidates} == set(ids[1:])
    assert [c.claim.annotator for c in pool.candidates if c.claim] == ["bob"]
