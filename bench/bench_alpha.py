"""Benchmark: our alpha() wrapper costs nothing over krippendorff.alpha, and char_alpha scales to a real corpus.

Run: python -m bench alpha
"""

import time
from collections.abc import Callable

import krippendorff
import numpy as np

from reader.agreement import ArticleSpans, alpha, char_alpha, fast_nominal_alpha

RATERS, UNITS, MISSING, ROUNDS = 5, 1_000_000, 0.1, 3


def random_matrix(rng: np.random.Generator) -> np.ndarray:
    """Return a raters x units matrix of nominal values 0..3 with about 10% NaN."""
    matrix = rng.integers(0, 4, size=(RATERS, UNITS)).astype(np.float64)
    matrix[rng.random(matrix.shape) < MISSING] = np.nan
    return matrix


def timed(label: str, compute: Callable[[], object]) -> tuple[object, float]:
    """Run compute once, print and return (value, seconds)."""
    start = time.perf_counter()
    value = compute()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:7.3f} s  value {float(value)!r}")
    return value, seconds


def corpus(rng: np.random.Generator, articles: int = 1000, length: int = 3000) -> list[ArticleSpans]:
    """Return a synthetic corpus: three annotators, each done with ~90% of articles, ~10 claims each."""
    labels = ["EVENT", "QUANTITY", "PREDICTION", "CAUSAL", "POSITION", "RULE", "PERSONAL", "OTHER"]
    data = []
    for _ in range(articles):
        done = {}
        for name in ("ann", "bob", "cy"):
            if rng.random() < 0.9:
                starts = rng.integers(0, length - 300, size=10)
                done[name] = [(int(s), int(s + rng.integers(20, 300)), str(rng.choice(labels))) for s in starts]
        data.append(ArticleSpans(length, done))
    return data


def main() -> None:
    """Compare alpha() and fast_nominal_alpha() with krippendorff.alpha on 5 x 1M, then time char_alpha on 1,000 x 3,000
    x 3."""
    rng = np.random.default_rng(0)
    matrix = random_matrix(rng)
    best_ours = best_theirs = float("inf")
    for _ in range(ROUNDS):  # alternate, and keep the best, so warm-up favours neither
        ours, t_ours = timed("reader.agreement.alpha (nominal)", lambda: alpha(matrix, "nominal"))
        theirs, t_theirs = timed(
            "krippendorff.alpha (nominal)", lambda: krippendorff.alpha(matrix, level_of_measurement="nominal")
        )
        assert ours is not None and abs(ours - theirs) <= 1e-9
        best_ours, best_theirs = min(best_ours, t_ours), min(best_theirs, t_theirs)
    print(
        f"best of {ROUNDS}: ours {best_ours:.3f} s, krippendorff {best_theirs:.3f} s, "
        f"ratio {best_ours / best_theirs:.3f}"
    )
    fast, _ = timed("reader.agreement.fast_nominal_alpha", lambda: fast_nominal_alpha(matrix))
    assert fast is not None and abs(fast - theirs) <= 1e-9
    data = corpus(rng)
    for labeled in (False, True):
        timed(
            f"char_alpha 1000 x 3000 x 3 labeled={labeled}",
            lambda labeled=labeled: char_alpha(data, ["ann", "bob", "cy"], labeled),
        )


if __name__ == "__main__":
    main()
