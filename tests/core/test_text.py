"""Normalization and clean-up: offsets must be stable, junk must leave the body but stay recorded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.seeds import seeds_dir
from reader.text import clean_article, make_title, normalize, offset_map


def seed(prefix: str) -> str:
    return next(seeds_dir().glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_normalize_newlines_controls_and_trailing_spaces() -> None:
    raw = "\ufeffTitle  \r\nLine\ttwo\x1b[31m red\x07\rthird\u2028fourth \n\n\n\nlast"
    assert normalize(raw) == "Title\nLine two[31m red\nthird\nfourth\n\nlast"


def test_normalize_composes_to_nfc() -> None:
    assert normalize("Cafe\u0301") == "Caf\u00e9"


def test_normalize_drops_bidi_overrides() -> None:
    assert normalize("abc\u202edef\u2066") == "abcdef"


text_chars = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\r\n\t \u0301\x1b"),
    max_size=200,
)


@given(text_chars)
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize(raw)
    assert normalize(once) == once


@given(text_chars)
def test_offsets_into_normalized_text_are_stable(raw: str) -> None:
    """Re-normalizing stored text never moves an offset: every slice of it stays the same."""
    text = normalize(raw)
    again = normalize(text)
    for start in range(0, len(text), 7):
        assert again[start : start + 5] == text[start : start + 5]


@given(st.text(alphabet="ab \r\n\t", max_size=60), st.data())
def test_offset_map_keeps_spans_on_the_same_characters(raw: str, data: st.DataObject) -> None:
    text = normalize(raw)
    mapping = offset_map(raw, text)
    assert len(mapping) == len(raw) + 1
    assert mapping == sorted(mapping)
    words = [i for i, ch in enumerate(raw) if ch in "ab"]
    if words:
        i = data.draw(st.sampled_from(words))
        assert text[mapping[i] : mapping[i] + 1] == raw[i]


def test_seed_000_login_line_is_moved_to_meta() -> None:
    cleaned = clean_article(seed("000"))
    assert not cleaned.text.endswith("Login")
    assert {"line": 25, "text": "Login", "reason": "navigation"} in cleaned.meta["boilerplate"]
    assert "A New Chapter in the Ukraine War" in cleaned.text


def test_seed_001_dateline_bio_and_widget() -> None:
    cleaned = clean_article(seed("001"))
    assert cleaned.meta["published"] == "2024-11-24T22:33"
    reasons = {b["text"]: b["reason"] for b in cleaned.meta["boilerplate"]}
    assert reasons == {
        "November 24, 2024 22:33": "dateline",
        "A Hong Kong-based writer, teacher and speaker.": "author bio",
        "Most Popular 24 Hrs": "widget",
    }
    assert cleaned.title == "Troops to Russia -- risk and opportunity for Kim Jong-un"
    assert "November 24, 2024" not in cleaned.text
    assert "\n\n\n" not in cleaned.text


def test_seed_002_banner_and_caption() -> None:
    cleaned = clean_article(seed("002"))
    assert cleaned.title == "North Korea Could Send 100,000 Soldiers to Russia to Support War in Ukraine."
    assert "(Picture source: KCNA)" not in cleaned.text
    assert "Breaking News" not in cleaned.text
    assert "Despite the scale of the potential deployment, doubts persist" in cleaned.text


def test_seed_004_keeps_repeated_heading_and_drops_newsletter() -> None:
    cleaned = clean_article(seed("004"))
    assert cleaned.text.count("Soldiers are taking immense risks") == 2
    assert "Discover more from" not in cleaned.text
    assert "Subscribe to get the latest posts" not in cleaned.text
    assert [b["reason"] for b in cleaned.meta["boilerplate"]] == ["newsletter", "newsletter"]


def test_long_first_line_gives_a_shortened_title() -> None:
    title = make_title("In a bold and shocking move, " * 10 + "\nsecond")
    assert title.endswith("…") and len(title) <= 81


def test_body_text_is_never_lost_apart_from_recorded_lines() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        raw = normalize(seed(prefix))
        cleaned = clean_article(raw)
        removed = {b["text"] for b in cleaned.meta.get("boilerplate", [])}
        kept = set(cleaned.text.split("\n"))
        for line in raw.split("\n"):
            assert not line.strip() or line in kept or line in removed
