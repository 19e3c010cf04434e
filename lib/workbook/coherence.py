"""One story per company: what each recommendation is about, and which advice contradicts.

Every recommendation carries a ``topic`` from :data:`TOPICS`. Two recommendations for the same
company contradict each other when their topics form one of the :data:`CONTRADICTIONS` pairs
(telling a team to scale while telling it to strengthen its community first, for example). The
assessments apply the :data:`CROSS_RULES` so that this never happens: an assessment whose advice
depends on another assessment's finding receives that result (see ``registry.requires``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

# The order of topics lives with the ranking it serves (results.rank); named here too, as before.
from workbook.results import TOPIC_ORDER as TOPIC_ORDER
from workbook.results import Recommendation
from workbook.results import topic_rank as topic_rank

#: What a recommendation is about, in words a team would use.
TOPICS: dict[str, str] = {
    "scale": "move effort to marketing optimisation, channels and growth",
    "acquisition": "bring in more users of a chosen kind",
    "reach-fit": "keep searching for fit: reinvent, narrow the segment, fix what holds users back",
    "confirm-fit": "confirm a provisional fit with more evidence before acting on it",
    "safety": "put the trust & safety basics of the community in place",
    "strengthen-community": "strengthen belonging, trust and safety in the community",
    "rebuild-community": "rebuild the community that a networked product lives on",
    "differentiate": "change how much of the product is reinvented, and where",
    "runway": "extend the runway or shorten the road to fit",
    "retention": "find out why users leave",
    "measure": "collect the evidence an assessment is missing",
    "community-practice": "improve how the community is launched, run and measured",
}


@dataclass(frozen=True)
class Contradiction:
    """Two topics that cannot both be advised to one company, and why."""

    first: str
    second: str
    why: str


CONTRADICTIONS: tuple[Contradiction, ...] = (
    Contradiction(
        "scale",
        "strengthen-community",
        "growth spending pours people into a community that cannot hold them yet",
    ),
    Contradiction(
        "scale",
        "rebuild-community",
        "a networked product without its community has nothing for new users to join",
    ),
    Contradiction(
        "scale",
        "reach-fit",
        "scaling before fit spends the runway on users who will not stay",
    ),
    Contradiction(
        "scale",
        "confirm-fit",
        "a provisional fit may be chance: scaling on it risks months",
    ),
    Contradiction(
        "scale",
        "safety",
        "growth brings strangers into a community without its trust & safety basics",
    ),
    Contradiction(
        "acquisition",
        "retention",
        "users acquired while every cohort keeps leaving are users lost",
    ),
)


@dataclass(frozen=True)
class CrossRule:
    """A rule that joins findings of two assessments into one piece of advice."""

    name: str
    when: str
    then: str


#: The rules that keep the three assessments one story (each assessment applies its part).
CROSS_RULES: tuple[CrossRule, ...] = (
    CrossRule(
        "Provisional fit and weak belonging",
        "the Sean Ellis share is at the bar but its interval is not, and belonging is weak",
        "no advice to scale; strengthen the community while confirming fit (high)",
    ),
    CrossRule(
        "Network effects and weak belonging",
        "the product lives on network effects and belonging is weak or not measured",
        "rebuild the community before growth (high); no advice to scale",
    ),
    CrossRule(
        "Overdue with a short runway",
        "fit is overdue or at risk and the runway leaves less than the marketing buffer",
        "extend the runway or shorten the road to fit comes first (critical)",
    ),
    CrossRule(
        "Scaling needs confirmed fit and a community that holds",
        "fit is confirmed, belonging is not weak, the trust & safety basics are in place and "
        "a retention curve shows users staying",
        "only then is moving effort to marketing and scaling advised (low: the next step)",
    ),
    CrossRule(
        "Acquisition waits for retention",
        "the average retention curve keeps falling or flattens low",
        "find out why cohorts leave first; no advice to aim acquisition anywhere",
    ),
)


def contradictions(
    recommendations: Iterable[Recommendation],
) -> list[tuple[Recommendation, Recommendation, Contradiction]]:
    """Every pair of recommendations whose topics contradict, with the rule they break."""
    pairs = {frozenset((c.first, c.second)): c for c in CONTRADICTIONS}
    found = []
    for first, second in combinations(recommendations, 2):
        rule = pairs.get(frozenset((first.topic, second.topic)))
        if rule is not None:
            found.append((first, second, rule))
    return found
