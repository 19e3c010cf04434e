"""The belonging assessment's advice: recommendations tied to findings, on the shared scale.

Severities follow :class:`workbook.results.Severity`: HIGH when a finding undermines the verdict
or the community's next stage (no survey to judge by, a weakest subscale in the weak range,
trust & safety basics missing, a failed launch check); MEDIUM for gaps worth closing this
quarter (the weakest subscale otherwise, an objective the stage needs that nobody owns, an
unanswered checklist, worsening health); LOW for the next natural step (launch warnings, goals
off the stage or not fully traced, unreliable subscales, a survey with a single wave). Reasons
are plain sentences; :func:`workbook.results.rank` keeps the most severe few.

Every recommendation carries a topic of :data:`workbook.coherence.TOPICS`: "measure" for missing
evidence (no survey, an unanswered checklist, no second survey wave); "community-practice" for
how the community is launched, run and measured (launch, goals, statement wording); and for the
findings about belonging itself (the weakest subscale, missing trust & safety basics, worsening
health) "strengthen-community" when the level is weak, "community-practice" otherwise. That keeps
the cross-assessment rule "scaling needs confirmed fit and a community that holds" one story: a
company whose belonging is not weak may be told to scale, and is then never also told that its
community cannot hold new members. Missing trust & safety basics are always
"strengthen-community", whatever the level: safety basics missing is never compatible with
scaling. Belonging never advises scaling.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workbook import format as fmt
from workbook.belonging import rules
from workbook.belonging.alpha import SubscaleReliability
from workbook.belonging.goals import SpacesResult
from workbook.belonging.health import HealthMeasure
from workbook.belonging.safety import TrustSafetyResult
from workbook.belonging.scoring import SURVEY_FILE, TOTAL
from workbook.belonging.survey import SurveyWaves
from workbook.belonging.wording import objective_names, quoted_names
from workbook.io import TRUST_SAFETY_PRACTICES
from workbook.results import Check, Recommendation, Severity, rank
from workbook.stats import Estimate

#: What to do about the weakest subscale of the workbook's instrument (others get general advice).
SUBSCALE_ADVICE: dict[str, str] = {
    "trust": "Make the team dependable in public: answer openly, follow through on promises, "
    "and thank members who give honest help",
    "safety": "Make it safe to speak: welcome beginner questions, enforce the house rules "
    "visibly and answer every report of harm",
    "shared_values": "Write down with members what the community stands for, and celebrate the "
    "work that lives up to it",
    "membership": "Give newcomers a clear way in (a welcome thread, introductions) and help "
    "members meet each other directly",
    "influence": "Close the loop on members' ideas: show which suggestions changed the product "
    "and ask members before changing the community",
    "emotional_connection": "Create shared moments: regular events, member stories and small "
    "rituals that people look forward to",
}

SURVEY_ACTION = "Survey members with the belonging instrument"
NO_SCORED_ANSWERS = "there are no scored survey answers"
REPEAT_ACTION = "Repeat the belonging survey with the same members every quarter"

#: Topics (keys of workbook.coherence.TOPICS) of this assessment's advice.
MEASURE = "measure"
PRACTICE = "community-practice"
STRENGTHEN = "strengthen-community"


def community_topic(level: str) -> str:
    """The topic of advice about belonging itself: strengthening the community when belonging
    is weak (it cannot hold new members yet), improving how it is run otherwise."""
    return STRENGTHEN if level == "weak" else PRACTICE


def launch_action(check_name: str) -> str:
    """What to do about a launch check that failed or warned (stated with the current rules)."""
    actions = {
        "Founding members": f"Relaunch around a core of {rules.FOUNDING_MEMBERS.text} "
        "hand-picked founding members who set the tone",
        "Channels at launch": f"Merge channels down to at most {rules.MAX_LAUNCH_CHANNELS.text}, "
        "starting from one general space",
        "Community owner": "Name one owner for the community (a founder before product/market fit)",
    }
    return actions[check_name]


def relaunch_fits(community_size: int | None) -> bool:
    """True when restarting around a few founding members fits the community's size (unknown
    size, or at most the ``LAUNCH_ADVICE_UP_TO`` rule): a grown community is not relaunched."""
    return community_size is None or community_size <= rules.LAUNCH_ADVICE_UP_TO.value


def _launch(
    launch_checks: Sequence[Check], community_size: int | None = None
) -> list[Recommendation]:
    """Advice on failed or warned launch checks; no relaunch around founding members for a
    community that has already grown past the ``LAUNCH_ADVICE_UP_TO`` rule (the premise of
    that advice does not hold)."""
    return [
        Recommendation(
            Severity.HIGH if check.outcome == "fail" else Severity.LOW,
            launch_action(check.name),
            check.reason,
            PRACTICE,
        )
        for check in launch_checks
        if check.outcome in ("fail", "warn")
        and (check.name != "Founding members" or relaunch_fits(community_size))
    ]


def _spaces(spaces: SpacesResult | None) -> list[Recommendation]:
    if spaces is None:
        return []
    found = []
    if spaces.unowned:
        found.append(
            Recommendation(
                Severity.MEDIUM,
                f"Set a community goal for {objective_names(spaces.unowned)}, with a program "
                "and a metric",
                f"a {spaces.stage} company needs it and no goal drives it",
                PRACTICE,
            )
        )
    if spaces.off_stage:
        stage_names = objective_names(rules.STAGE_NEEDS.get(spaces.stage, ()))
        found.append(
            Recommendation(
                Severity.LOW,
                "Check that goals outside the stage’s priorities still earn their place: "
                + quoted_names(spaces.off_stage),
                f"at stage {spaces.stage} the community should mainly drive {stage_names}",
                PRACTICE,
            )
        )
    if spaces.gaps:
        found.append(
            Recommendation(
                Severity.LOW,
                "Complete each goal’s trace to a business goal, a program and a metric",
                "goals with gaps: " + quoted_names(list(spaces.gaps)),
                PRACTICE,
            )
        )
    return found


def _worsening(
    health: Sequence[HealthMeasure], topic: str, survey: SurveyWaves | None
) -> list[Recommendation]:
    """One recommendation naming every worsening measure and the span it worsened over (a
    measure is worsening only when its change rule's test says so); its evidence is that of
    the most decisive worsening measure."""
    worsening = [m for m in health if m.verdict == "worsening"]
    weeks = [m.measure.lower() for m in worsening if m.span == "weeks"]
    changed = [m.measure for m in worsening if m.span == "waves"]
    tested = [m.evidence for m in worsening if m.evidence is not None]
    evidence = min(tested, key=lambda e: e.p_value if e.p_value is not None else 1.0, default=None)
    if not weeks and not changed:
        return []
    parts = []
    if weeks:
        window = rules.HEALTH_WINDOW_WEEKS.value
        parts.append(
            f"over the latest {window} weeks against the {window} before: " + ", ".join(weeks)
        )
    if changed:
        unit = survey.unit if survey is not None else "wave"
        parts.append(f"since the previous survey {unit}: " + ", ".join(changed))
    return [
        Recommendation(
            Severity.MEDIUM,
            "Find out with members what changed in the community",
            "worsening " + "; ".join(parts),
            topic,
            evidence=evidence,
        )
    ]


def _single_wave(index: Estimate | None, waves: SurveyWaves | None) -> list[Recommendation]:
    """Advice to repeat the survey when a scored survey has one wave only (no trend yet)."""
    if index is None or waves is None or len(waves.waves) != 1:
        return []
    return [
        Recommendation(
            Severity.LOW,
            REPEAT_ACTION,
            "the survey has a single wave, so there is no belonging trend yet",
            MEASURE,
            evidence=waves.waves[0].evidence,
        )
    ]


def _thin_level(waves: SurveyWaves | None) -> list[Recommendation]:
    """Advice to survey more members when no wave carries the level (it is provisional)."""
    current = None if waves is None else waves.current
    if current is None or current.adequate or not current.complete:
        return []
    evidence = current.evidence
    return [
        Recommendation(
            Severity.MEDIUM,
            "Survey more members before acting on the belonging level",
            f"{current.label} has {current.index.n} scored answers: {evidence.note}",
            MEASURE,
            evidence=evidence,
        )
    ]


def recommend(
    *,
    level: str,
    waves: SurveyWaves | None = None,
    index: Estimate | None,
    subscales: Mapping[str, Estimate],
    subscale_labels: Mapping[str, str],
    weakest_subscale: str | None,
    trust_safety: TrustSafetyResult,
    launch_checks: Sequence[Check],
    spaces: SpacesResult | None,
    reliability: Sequence[SubscaleReliability],
    health: Sequence[HealthMeasure],
    missing: Mapping[str, str],
    community_size: int | None = None,
) -> tuple[Recommendation, ...]:
    """The most pressing recommendations (ranked by severity, at most the shared limit).

    ``level`` is the belonging level (it sets the topic of advice about belonging itself, see
    :func:`community_topic`); ``waves`` the survey's waves. Within one severity the order is: no
    survey; the weakest subscale (HIGH when it is below the developing threshold); trust & safety
    basics answered "no"; failed launch checks; stage objectives nobody owns; an unanswered
    checklist; worsening health; launch warnings; goals off the stage; untraced goals; unreliable
    subscales; a survey with a single wave. A level no adequate wave carries asks for more
    answers (MEDIUM). Missing trust & safety basics are always about strengthening the
    community (never compatible with scaling, whatever the level); ``community_size`` (members
    now) withholds relaunch advice from a community that has grown past the launch.
    """
    topic = community_topic(level)
    current = None if waves is None else waves.current
    level_evidence = None if current is None else current.evidence
    found: list[Recommendation] = []
    if index is None:
        found.append(
            Recommendation(
                Severity.HIGH, SURVEY_ACTION, missing.get(SURVEY_FILE, NO_SCORED_ANSWERS), MEASURE
            )
        )
    weakest_value = None if weakest_subscale is None else subscales[weakest_subscale].value
    if (
        weakest_subscale is not None
        and weakest_value is not None
        and weakest_value < rules.STRONG_INDEX.value
    ):
        label = subscale_labels.get(weakest_subscale, weakest_subscale)
        generic = f"Ask members what would strengthen {label.lower()} and test one change a month"
        found.append(
            Recommendation(
                Severity.HIGH if weakest_value < rules.DEVELOPING_INDEX.value else Severity.MEDIUM,
                SUBSCALE_ADVICE.get(weakest_subscale, generic),
                f"{label} is the weakest subscale, below {rules.STRONG_INDEX.text}: index "
                f"{fmt.estimate(subscales[weakest_subscale])}",
                topic,
                evidence=level_evidence,
            )
        )
    missing_basics = [
        p.label.lower() for p in TRUST_SAFETY_PRACTICES if trust_safety.answers[p.key] == "no"
    ]
    if missing_basics:
        found.append(
            Recommendation(
                Severity.HIGH,
                "Put the missing trust & safety basics in place: " + ", ".join(missing_basics),
                f"the team answered “no” for {len(missing_basics)} of "
                f"{len(TRUST_SAFETY_PRACTICES)} practices",
                STRENGTHEN,
                evidence=trust_safety.evidence,
            )
        )
    found += _launch(launch_checks, community_size)
    found += _spaces(spaces)
    if trust_safety.assessed == 0:
        found.append(
            Recommendation(
                Severity.MEDIUM,
                "Answer the trust & safety checklist as a team",
                "none of its practices has been answered yet",
                MEASURE,
                evidence=trust_safety.evidence,
            )
        )
    found += _thin_level(waves)
    found += _worsening(health, topic, waves)
    unreliable = [r.label for r in reliability if r.warning and r.subscale != TOTAL]
    if unreliable:
        found.append(
            Recommendation(
                Severity.LOW,
                "Review the wording of the items in " + ", ".join(unreliable),
                "their items do not hang together (Cronbach’s α below "
                f"{rules.ALPHA_WARNING_BELOW.text})",
                PRACTICE,
                evidence=min((r.evidence for r in reliability if r.warning), key=lambda e: e.n),
            )
        )
    found += _single_wave(index, waves)
    return rank(found)
