"""Times the spider chart for 20 occasions against 1 occasion, in one run.

Run with `make bench`. Target (issue 3): 20 occasions in under 50 ms.
"""

import random
import statistics
import time

from assessments.chart import Occasion, spider_chart_svg

AXES = [f"Fråga nummer {n} om något viktigt" for n in range(1, 10)]


def _occasions(count: int, rng: random.Random) -> list[Occasion]:
    return [
        Occasion(
            f"2026-{1 + k % 12:02d}-01",
            [None if rng.random() < 0.05 else rng.randint(1, 5) for _ in AXES],
        )
        for k in range(count)
    ]


def _time(occasions, repeat=50) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        spider_chart_svg(axes=AXES, occasions=occasions, title="t", description="d")
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    rng = random.Random(1)
    one, twenty = _time(_occasions(1, rng)), _time(_occasions(20, rng))
    print(f"spider chart, 9 axes:  1 occasion {one * 1000:.2f} ms")
    print(f"spider chart, 9 axes: 20 occasions {twenty * 1000:.2f} ms (target < 50 ms)")
    print(f"ratio 20/1 occasions: {twenty / one:.1f}")


if __name__ == "__main__":
    import django

    django.setup()
    main()
