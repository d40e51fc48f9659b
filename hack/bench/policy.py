"""Benchmark ImagePolicy tag selection on 100,000 generated tags.

Prints the median wall time of one ``evaluate`` call for the three policy shapes of the
image automation reference (prod semver, dev numerical by run id, staging alphabetical by
SHA), each behind its filterTags pattern with an extract. Target: under 0.5 s each on 2 cores.

    python hack/bench/policy.py [--tags 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from controllers.policy import PolicySpec, evaluate

TARGET_SECONDS = 0.5


def generate_tags(count: int, seed: int = 42) -> list[str]:
    """A registry's worth of mixed tags: releases, prereleases, CI builds, branch builds, noise."""
    rng = random.Random(seed)
    tags: list[str] = []
    for i in range(count):
        sha = f"{rng.getrandbits(160):040x}"[: rng.choice((7, 8, 12, 40))]
        kind = i % 10
        if kind < 4:
            tags.append(f"v{rng.randrange(60)}.{rng.randrange(40)}.{rng.randrange(100)}")
        elif kind == 4:
            tags.append(f"v{rng.randrange(60)}.{rng.randrange(40)}.{rng.randrange(100)}-rc.{rng.randrange(9)}")
        elif kind < 7:
            tags.append(f"dev-{sha}-{rng.randrange(10**9)}")
        elif kind < 9:
            tags.append(f"staging-{sha}")
        else:
            tags.append(rng.choice(("latest", "main", "nightly", f"pr-{i}", f"{sha}-debug")))
    return tags


CASES: dict[str, dict[str, object]] = {
    "filter + semver": {
        "filterTags": {"pattern": r"^v(?P<version>[0-9]+\.[0-9]+\.[0-9]+)$", "extract": "$version"},
        "policy": {"semver": {"range": ">=1.0.0"}},
    },
    "filter + numerical": {
        "filterTags": {"pattern": r"^dev-[0-9a-fA-F]{7,40}-(?P<run>[0-9]+)$", "extract": "$run"},
        "policy": {"numerical": {"order": "asc"}},
    },
    "alphabetical": {
        "filterTags": {"pattern": r"^staging-(?P<sha>[0-9a-fA-F]{7,40})$", "extract": "$sha"},
        "policy": {"alphabetical": {"order": "desc"}},
    },
}


def measure(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tags", type=int, default=100_000, help="number of generated tags")
    parser.add_argument("--runs", type=int, default=5, help="evaluations per case (the median is printed)")
    args = parser.parse_args(argv)
    tags = generate_tags(args.tags)
    slow = False
    for name, spec_dict in CASES.items():
        spec = PolicySpec.from_dict(spec_dict)
        result = evaluate(spec, tags)
        median = measure(lambda spec=spec: evaluate(spec, tags), args.runs)  # type: ignore[misc]
        flag = "ok" if median < TARGET_SECONDS else "SLOW"
        slow = slow or median >= TARGET_SECONDS
        print(
            f"{name:<20} median {median:.3f} s per evaluation of {len(tags)} tags "
            f"({result.matched} passed the filter, chose {result.latest_tag!r}) [{flag}]"
        )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
