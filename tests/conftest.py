from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

FIXTURES = HERE / "fixtures"
SAMPLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))
"""The five sample articles, read where the README's examples read them."""
EXPECTED = FIXTURES / "articles"
"""The editor's expectations of each sample: ``<stem>.expected.yaml``."""


@pytest.fixture(scope="session")
def parsed():
    """Every sample article parsed once: {stem: Article}."""
    from cppcc_publish import read_article

    return {p.stem: read_article(p) for p in SAMPLES}


# Hypothesis profiles.  The default run stays short for CI; ``pytest
# --hypothesis-profile=long`` (nightly) draws many more examples.  Tests whose example
# count is set per test ask :func:`fuzz_examples` so that the profile still scales them.
from hypothesis import HealthCheck as _HealthCheck  # noqa: E402
from hypothesis import settings as _hypothesis_settings  # noqa: E402

LONG_FACTOR = 20
_hypothesis_settings.register_profile(
    "long", max_examples=500, deadline=None,
    suppress_health_check=[_HealthCheck.too_slow, _HealthCheck.data_too_large],
)


def fuzz_examples(default: int) -> int:
    """``default`` examples, or ``LONG_FACTOR`` times as many under the ``long`` profile."""
    if _hypothesis_settings.get_current_profile_name() == "long":
        return default * LONG_FACTOR
    return default
