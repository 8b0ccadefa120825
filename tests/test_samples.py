"""Golden tests: every field of every sample's .expected.yaml holds."""

from __future__ import annotations

import pytest
import yaml
from conftest import EXPECTED, SAMPLES
from expected import compare, general_rules


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_sample_matches_expectations(path, parsed):
    expected = yaml.safe_load((EXPECTED / f"{path.stem}.expected.yaml").read_text("utf-8"))
    article = parsed[path.stem]
    assert compare(article, expected) == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem[:3])
def test_rules_for_every_article(path, parsed):
    assert general_rules(parsed[path.stem]) == []
