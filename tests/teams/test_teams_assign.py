"""Assigning articles to annotators: deterministic, balanced, K per article, stable as the team and corpus grow."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from click.testing import CliRunner

from reader.assignment import plan
from reader.cli import cli
from reader.errors import InputError
from reader.store import Store

TEAM = ["ana", "ben", "chen", "dara"]


def article_ids(n: int, seed: int = 1) -> list[str]:
    """Ids shaped like the real ones (16 hex digits of a content hash)."""
    rng = random.Random(seed)
    return [f"{rng.getrandbits(64):016x}" for _ in range(n)]


def loads(assignment: dict[str, list[str]]) -> Counter[str]:
    """How many articles each annotator got."""
    return Counter(name for names in assignment.values() for name in names)


def moved(before: dict[str, list[str]], after: dict[str, list[str]]) -> int:
    """How many (article, annotator) assignments of `before` are gone in `after`."""
    return sum(len(set(names) - set(after[a])) for a, names in before.items() if a in after)


def test_the_plan_depends_only_on_the_sets_of_articles_and_annotators() -> None:
    ids = article_ids(300)
    first = plan(ids, TEAM, 2)
    shuffled = ids[:]
    random.Random(3).shuffle(shuffled)
    assert plan(shuffled, list(reversed(TEAM)), 2) == first
    assert plan(ids, TEAM, 2) == first


@pytest.mark.parametrize("overlap", [1, 2, 3, 4])
def test_each_article_gets_overlap_distinct_annotators(overlap: int) -> None:
    assignment = plan(article_ids(500), TEAM, overlap)
    assert all(len(set(names)) == len(names) == overlap for names in assignment.values())
    assert set(loads(assignment)) == set(TEAM)


@pytest.mark.parametrize("n", [5, 7, 20, 50, 2000])
@pytest.mark.parametrize("overlap", [1, 2, 3])
def test_loads_are_balanced_to_within_one(n: int, overlap: int) -> None:
    counts = loads(plan(article_ids(n), TEAM, overlap)).values()
    assert max(counts) - min(counts) <= 1


@pytest.mark.parametrize("overlap", [1, 2])
def test_adding_an_annotator_moves_few_articles(overlap: int) -> None:
    ids = article_ids(2000)
    before, after = plan(ids, TEAM, overlap), plan(ids, [*TEAM, "eve"], overlap)
    ideal = len(ids) * overlap / (len(TEAM) + 1)
    assert moved(before, after) <= 1.1 * ideal
    assert loads(after)["eve"] >= 0.99 * ideal


def test_adding_articles_barely_moves_the_old_ones() -> None:
    ids = article_ids(2000)
    before = plan(ids, TEAM, 2)
    after = plan(ids + article_ids(200, seed=2), TEAM, 2)
    assert moved(before, after) <= 0.01 * 2 * len(ids)


def test_impossible_overlaps_are_refused() -> None:
    with pytest.raises(InputError, match="between 1 and the number of annotators"):
        plan(article_ids(5), TEAM, 5)
    with pytest.raises(InputError, match="at least one annotator"):
        plan(article_ids(5), [], 1)


def test_the_store_keeps_the_plan_and_finds_the_next_article_to_do(seeded: Store) -> None:
    ids = seeded.articles.ids()
    assert seeded.assignments.replace({ids[0]: ["ana"], ids[2]: ["ana", "ben"], ids[3]: ["ana"]}) == (4, 0)
    assert seeded.assignments.of("ana") == [ids[0], ids[2], ids[3]]
    assert seeded.assignments.next_undone("ana") == ids[0]
    assert seeded.assignments.next_undone("ana", after=ids[0]) == ids[2]
    assert seeded.assignments.next_undone("ana", after=ids[3]) == ids[0], "wraps round"
    seeded.progress.set_done(ids[0], "ana", True)
    assert seeded.assignments.next_undone("ana", after=ids[3]) == ids[2]
    assert seeded.assignments.next_undone("ana", after=ids[1]) == ids[2]
    seeded.progress.set_done(ids[2], "ana", True)
    seeded.progress.set_done(ids[3], "ana", True)
    assert seeded.assignments.next_undone("ana") is None
    assert seeded.assignments.next_undone("nobody") is None
    assert [(x.annotator, x.assigned, x.done) for x in seeded.assignments.loads()] == [("ana", 3, 3), ("ben", 1, 0)]
    assert seeded.assignments.replace({ids[2]: ["ben"], ids[4]: ["ben"]}) == (1, 1)
    assert seeded.assignments.of("ana") == [ids[0], ids[3]], "articles outside the new plan keep theirs"
    assert seeded.assignments.replace({ids[2]: ["ben"], ids[4]: ["ben"]}) == (0, 0)


def test_assign_command_plans_reports_and_shows_progress(seeded: Store) -> None:
    runner = CliRunner()
    db = str(seeded.path)
    result = runner.invoke(cli, ["--db", db, "assign", "--annotators", "ana,ben, chen", "--overlap", "2"])
    assert result.exit_code == 0, result.output
    assert result.output == "assigned 5 articles to 3 annotators, 2 per article: 10 assignments added, 0 removed\n"
    again = runner.invoke(cli, ["--db", db, "assign", "--annotators", "chen,ben,ana", "--overlap", "2"])
    assert again.output.endswith("0 assignments added, 0 removed\n")
    loads_now = sorted(x.assigned for x in seeded.assignments.loads())
    assert loads_now == [3, 3, 4]
    seeded.progress.set_done(seeded.assignments.of("ana")[0], "ana", True)
    shown = runner.invoke(cli, ["--db", db, "assign", "--show"])
    assert shown.exit_code == 0
    assert "ana ✓" in shown.output and "progress" in shown.output
    subset = runner.invoke(cli, ["--db", db, "assign", "--annotators", "dara", "--articles", "unexpected turn"])
    assert subset.exit_code == 0 and subset.output.startswith("assigned 1 articles to 1 annotators")
    bad = runner.invoke(cli, ["--db", db, "assign", "--annotators", "ana", "--overlap", "2"])
    assert bad.exit_code == 1
    assert bad.output.strip().splitlines() == [
        "claim-reader: error: --overlap must be between 1 and the number of annotators (1)"
    ]
