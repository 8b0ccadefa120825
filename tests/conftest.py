from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

FIXTURES = HERE / "fixtures"
ARTICLES = FIXTURES / "articles"
SAMPLES = sorted(ARTICLES.glob("*.txt"))


@pytest.fixture(scope="session")
def parsed():
    """Every sample article parsed once: {stem: Article}."""
    from cppcc_publish import read_article

    return {p.stem: read_article(p) for p in SAMPLES}
