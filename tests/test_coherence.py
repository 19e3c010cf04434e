"""One story per company: no two recommendations across its assessments contradict."""

from __future__ import annotations

import pytest

from workbook import coherence, io, registry
from workbook.results import Recommendation, Severity


def test_contradictions_finds_a_pair_whatever_its_order():
    scale = Recommendation(Severity.LOW, "Scale", "fit confirmed", "scale")
    community = Recommendation(
        Severity.HIGH, "Strengthen", "belonging weak", "strengthen-community"
    )
    unrelated = Recommendation(Severity.MEDIUM, "Survey", "no answers", "measure")
    found = coherence.contradictions([community, unrelated, scale])
    assert [(a.topic, b.topic) for a, b, _ in found] == [("strengthen-community", "scale")]
    assert coherence.contradictions([scale, unrelated]) == []


def test_every_declared_topic_pair_names_known_topics():
    for rule in coherence.CONTRADICTIONS:
        assert {rule.first, rule.second} <= set(coherence.TOPICS)


@pytest.mark.parametrize("slug", io.list_companies())
def test_no_sample_company_is_given_contradicting_advice(slug):
    results = registry.assess_company(io.load_company(slug))
    advice = [r for result in results.values() for r in result.recommendations]
    assert all(r.topic in coherence.TOPICS for r in advice), [r.title for r in advice]
    found = coherence.contradictions(advice)
    assert found == [], [(a.title, b.title, rule.why) for a, b, rule in found]
