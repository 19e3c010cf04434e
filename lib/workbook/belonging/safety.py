"""The trust & safety checklist: the team's answers and their score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from workbook.belonging import rules
from workbook.belonging.rules import NOT_ASSESSED
from workbook.evidence import Evidence
from workbook.io import TRUST_SAFETY_PRACTICES, TeamAssessment
from workbook.results import Outcome

_ANSWER_OUTCOME: dict[str, Outcome] = {
    "yes": "pass",
    "partly": "warn",
    "no": "fail",
    NOT_ASSESSED: NOT_ASSESSED,
}


@dataclass(frozen=True)
class TrustSafetyResult:
    """The team's checklist answers (``yes``/``partly``/``no``/``not assessed``) and the score.

    ``answers`` lists every practice of :data:`workbook.io.TRUST_SAFETY_PRACTICES`, in order.
    """

    answers: Mapping[str, str]

    @property
    def assessed(self) -> int:
        """How many practices were answered."""
        return sum(answer != NOT_ASSESSED for answer in self.answers.values())

    @property
    def total(self) -> int:
        """How many practices the checklist has."""
        return len(self.answers)

    def points(self, practice: str) -> float | None:
        """The points one practice earns (None when not assessed)."""
        return rules.ANSWER_POINTS.value.get(self.answers[practice])

    @property
    def score(self) -> float | None:
        """The mean points over assessed practices on the ``TRUST_SAFETY_SCALE`` (None if none),
        computed in exact fractions so that a score on a band's edge lands on it."""
        points = [self.points(key) for key in self.answers]
        given = [Fraction(str(p)) for p in points if p is not None]
        if not given:
            return None
        return float(Fraction(str(rules.TRUST_SAFETY_SCALE.value)) * sum(given) / len(given))

    @property
    def evidence(self) -> Evidence:
        """Whether the whole checklist is answered (the ``TRUST_SAFETY_EVIDENCE`` rule): an
        unanswered practice is missing evidence, never a pass."""
        return rules.TRUST_SAFETY_EVIDENCE.judge(self.assessed, unit="practices answered")

    def outcome(self, practice: str) -> Outcome:
        """One practice's check outcome: yes passes, partly warns, no fails, unanswered is not
        assessed (``wording.trust_safety_checks`` writes the reason)."""
        return _ANSWER_OUTCOME[self.answers[practice]]


def trust_safety(team: TeamAssessment) -> TrustSafetyResult:
    """The checklist from the team's answers; a practice with no answer is "not assessed".

    ``team.practices`` holds only valid answers (io reports invalid ones as problems and leaves
    them out), so an unanswered or invalid practice never counts as "no".
    """
    return TrustSafetyResult(
        {p.key: team.practices.get(p.key, NOT_ASSESSED) for p in TRUST_SAFETY_PRACTICES}
    )
