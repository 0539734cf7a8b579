"""Sentence, word and paragraph boundaries, checked against pysbd on the real seeds and on hand-made traps."""

from __future__ import annotations

import pysbd
import pytest

from reader.seeds import seeds_dir
from reader.segment import Segments, sentence_spans, token_spans, trim_span
from reader.text import clean_article


def seed_texts() -> list[str]:
    return [clean_article(p.read_text(encoding="utf-8")).text for p in sorted(seeds_dir().glob("*.txt"))]


def test_abbreviations_initials_and_decimals_do_not_split() -> None:
    text = "Mr. Kim met U.S. officials at 3.5 p.m. on Monday. Gen. J. Smith agreed. Prices fell 2.5%!"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Mr. Kim met U.S. officials at 3.5 p.m. on Monday.",
        "Gen. J. Smith agreed.",
        "Prices fell 2.5%!",
    ]


def test_closing_quotes_stay_with_their_sentence_and_newlines_always_split() -> None:
    text = "“They will not return,” he said. “Never.”\nHeading without stop\nNext line."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "“They will not return,” he said.",
        "“Never.”",
        "Heading without stop",
        "Next line.",
    ]


def test_sentences_cover_every_word_of_the_seeds() -> None:
    for text in seed_texts():
        covered = set()
        for start, end in sentence_spans(text):
            assert text[start:end] == text[start:end].strip()
            covered.update(range(start, end))
        assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_sentence_boundaries_agree_with_pysbd_on_the_seeds() -> None:
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    ours, theirs = set(), set()
    for text in seed_texts():
        for para_start, line in _lines(text):
            ours |= {para_start + e for s, e in sentence_spans(line)}
            theirs |= {para_start + len(span.sent.rstrip()) + span.start for span in segmenter.segment(line)}
    agreement = len(ours & theirs) / len(ours | theirs)
    assert agreement >= 0.95, agreement


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


def test_words_keep_numbers_and_currency_whole() -> None:
    seg = Segments("Around 10,000 troops earn $2,000 a month, 3.5% of it.")
    assert [seg.text[s:e] for s, e in seg.words] == [
        "Around",
        "10,000",
        "troops",
        "earn",
        "$2,000",
        "a",
        "month",
        "3.5%",
        "of",
        "it",
    ]


def test_tokens_split_punctuation() -> None:
    text = "Kim's troops (10,000) left."
    assert [text[s:e] for s, e in token_spans(text)] == ["Kim's", "troops", "(", "10,000", ")", "left", "."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(' "around 10,000 troops," ', "around 10,000 troops"), ("(the law bans it).", "the law bans it"), ("...", "")],
)
def test_trim_span_drops_surrounding_space_and_punctuation(text: str, expected: str) -> None:
    start, end = trim_span(text, 0, len(text))
    assert text[start:end] == expected


def test_movement_lookups() -> None:
    seg = Segments("One two. Three four.\nFive six.")
    assert seg.sentence_at(10) == (9, 20)
    assert seg.next_start(seg.word_starts, 0) == 4
    assert seg.prev_start(seg.sentence_starts, 21) == 9
    assert seg.paragraphs == [(0, 20), (21, 30)]


def test_start_offsets_follow_their_spans_and_are_computed_once() -> None:
    seg = Segments("One two. Three four.\nFive six.")
    for spans, starts in (
        (seg.words, seg.word_starts),
        (seg.sentences, seg.sentence_starts),
        (seg.paragraphs, seg.paragraph_starts),
    ):
        assert starts == [start for start, _ in spans]
    assert seg.word_starts is seg.word_starts
    assert seg.sentence_starts is seg.sentence_starts
    assert seg.paragraph_starts is seg.paragraph_starts
