"""Generate the fictional sample companies that ship with the Strategy Workbook.

What: four companies under ``data/companies/<slug>/``, each telling a different story for the
three assessments (belonging, differentiation, time to product/market fit):

* ``ledgerly``  - B2B SaaS that reached fit at about month 15, with a strong, growing community;
  it surveys the same customers (Sean Ellis) and members (belonging) every quarter (a panel);
* ``tandem``    - pre-fit developer tool on track, with a founder-led community; each Sean Ellis
  wave asks new sign-ups, and the community was surveyed once;
* ``snapplate`` - consumer app that cloned an incumbent without its community (no community
  files), long without fit; its Sean Ellis question runs in the app all the time (continuous);
* ``stallhop``  - marketplace that reinvented more than the usual ~20%, all of it in the core, at
  provisional fit, with weak and worsening trust and safety; a quarterly panel like ledgerly's.

The belonging items come from ``data/instruments/belonging.yaml``, a hand-written file that this
script only reads (so the instrument stays editable as a document).

Why a script: the samples must look real (noise, blank answers, survey waves with repeat
respondents, a survey that never pauses, cohort triangles) yet never change unless this file
changes, so docs, notebooks and tests can rely on them. Each company is one ``Profile``; small
generator functions turn a profile into one file each.
Randomness comes from ``numpy.random.default_rng`` seeded with the company's fixed seed plus a
per-file stream id, so editing one file's generator does not reshuffle the others. Re-running
rewrites byte-identical files (UTF-8, ``\\n`` line endings, fixed number formats, sorted rows).

Run from the project root: ``.venv/bin/python data/make_samples.py``
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from workbook.io import Instrument, TeamAssessment, dump_team_assessment, load_instrument

DATA_DIR = Path(__file__).resolve().parent
COMPANIES_DIR = DATA_DIR / "companies"
INSTRUMENT_PATH = DATA_DIR / "instruments" / "belonging.yaml"

#: Files a profile may leave out; stale copies are removed so a folder matches its profile.
OPTIONAL_FILES = (
    "belonging_survey.csv",
    "community_activity.csv",
    "community_goals.csv",
    "team_assessment.yaml",
)

Trend = tuple[float, float]  # a value at the first and at the last week (or cohort)

# --------------------------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------------------------

SAMPLED = -1.0  # Feature.seconds sentinel: draw seconds_to_experience at random (may be blank)


@dataclass(frozen=True)
class Feature:
    """One row of features.csv; ``kano`` names the answer mix when the feature is surveyed."""

    name: str
    area: str
    change: str
    importance: int
    seconds: float | None = SAMPLED
    kano: str | None = None


@dataclass(frozen=True)
class Goal:
    """One row of community_goals.csv (None = blank cell)."""

    goal: str
    objective: str
    business_goal: str | None
    program: str | None
    metric: str | None
    target: float | None = None
    current: float | None = None


@dataclass(frozen=True)
class Continuous:
    """A Sean Ellis question that stays open in the product: answers trickle in every few days
    from month ``first_month`` after ``started`` until the last data day, never pausing."""

    first_month: int
    answers_per_day: float


@dataclass(frozen=True)
class PmfPlan:
    """Sean Ellis survey: the target 'very' share among users, per wave (or, for a continuous
    survey, at evenly spaced points from its first to its last day).

    Waves start ``wave_months`` after ``started`` with ``sizes`` answers each; from the second
    wave on, ``returning_share`` of each wave are earlier respondents asked again (a panel
    re-surveyed every quarter), the rest are new users.
    """

    very_shares: tuple[float, ...]
    na_share: float
    somewhat_share: float  # of the users who are not 'very' disappointed
    benefits: tuple[str, ...]
    improvements: tuple[str, ...]
    wave_months: tuple[int, ...] = ()
    sizes: tuple[int, ...] = ()
    returning_share: float = 0.0
    continuous: Continuous | None = None
    full_text_answers: bool = False
    lead_segment_bonus: float = 0.6  # the first segment's attachment, in standard deviations


@dataclass(frozen=True)
class RetentionPlan:
    """Monthly cohorts ending in the last data month; curve = plateau + (1 - plateau) * decay,
    decay = (1 + period) ** -shape. Each period keeps a random share of the users still active
    the period before, so a cohort never grows back and its curve flattens at its plateau."""

    cohorts: int
    sizes: Trend
    plateau: Trend
    shape: float


@dataclass(frozen=True)
class ActivityPlan:
    """Weekly community activity; each trend runs from the first to the last week."""

    weeks: int
    members_end: int
    growth_power: float
    active_rate: Trend
    posts_per_active: Trend
    replies_per_post: Trend
    question_share: Trend
    answered_share: Trend
    response_hours: Trend


@dataclass(frozen=True)
class BelongingPlan:
    """Belonging survey waves ``weeks_apart`` weeks apart, the latest ending on the last data day.

    ``subscale_means`` are the target item means of the latest wave; ``first_wave_shift`` says
    how far above (+) or below (-) them the first wave sat, per subscale (later waves move
    linearly in between). From the second wave on, ``returning_share`` of each wave are members
    who answered before (same ``respondent_id``, same segment, a similar outlook).
    """

    sizes: tuple[int, ...]
    subscale_means: Mapping[str, float]
    comments: tuple[str, ...]
    segment_shift: Mapping[str, float] = field(default_factory=dict)
    first_wave_shift: Mapping[str, float] = field(default_factory=dict)
    weeks_apart: int = 13
    returning_share: float = 0.0


@dataclass(frozen=True)
class Community:
    """The community mapping of company.yaml plus the plans for the community files."""

    owner: str
    founding_members: int
    channels: int
    activity: ActivityPlan
    belonging: BelongingPlan
    goals: tuple[Goal, ...]


@dataclass(frozen=True)
class Profile:
    """Everything that makes one sample company different from the others."""

    slug: str
    name: str
    seed: int
    stage: str
    started: date
    last_data: date  # a Monday: the last activity week and the end of the last survey
    runway_months: float
    network_effects: bool
    reference_product: str
    segments: tuple[tuple[str, float], ...]  # (segment, share of respondents)
    features: tuple[Feature, ...]
    kano_respondents: int
    canvas_products: tuple[str, ...]
    canvas: tuple[tuple[str, tuple[float, ...]], ...]
    pmf: PmfPlan
    retention: RetentionPlan
    community: Community | None = None
    practices: Mapping[str, str] | None = None


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def stream(profile: Profile, name: str) -> np.random.Generator:
    """Return the random stream for one file of one company (fixed company seed + file id)."""
    return np.random.default_rng([profile.seed, zlib.crc32(name.encode())])


def add_months(day: date, months: int) -> date:
    """Return the first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def lerp(trend: Trend, fraction: float) -> float:
    """Interpolate a trend linearly; ``fraction`` 0 is its start and 1 its end."""
    start, end = trend
    return start + (end - start) * fraction


def zipf_weights(count: int) -> np.ndarray:
    """Return probabilities that favour earlier entries, like real free-text answers."""
    weights = 1.0 / np.arange(1, count + 1) ** 0.9
    return weights / weights.sum()


def pick(
    rng: np.random.Generator, options: Sequence[str], weights: np.ndarray | None = None
) -> str:
    """Return one option, drawn with the given probabilities (uniform when None)."""
    return options[int(rng.choice(len(options), p=weights))]


def chronological_order(rng: np.random.Generator, days: Sequence[date]) -> list[int]:
    """Return row indices sorted by date, ties in random (but seeded) order."""
    tiebreak = rng.permutation(len(days))
    return sorted(range(len(days)), key=lambda i: (days[i], tiebreak[i]))


def cell(value: Any) -> str:
    """Format one CSV cell: blank for None, ISO dates, floats with one decimal."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Render a CSV with ``\\n`` line endings and minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# company.yaml and team_assessment.yaml
# --------------------------------------------------------------------------------------------


def company_yaml(profile: Profile) -> str:
    """Render company.yaml (dates unquoted, keys in contract order)."""
    data: dict[str, Any] = {
        "name": profile.name,
        "stage": profile.stage,
        "started": profile.started,
        "runway_months": profile.runway_months,
        "network_effects": profile.network_effects,
        "reference_product": profile.reference_product,
    }
    if profile.community is not None:
        data["community"] = {
            "owner": profile.community.owner,
            "founding_members": profile.community.founding_members,
            "channels": profile.community.channels,
        }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def team_assessment_yaml(practices: Mapping[str, str]) -> str:
    """Render team_assessment.yaml exactly as the workshop editors write it."""
    return dump_team_assessment(TeamAssessment(practices=dict(practices)))


# --------------------------------------------------------------------------------------------
# Belonging survey
# --------------------------------------------------------------------------------------------

PERSON_SD, SUBSCALE_SD, ITEM_SD = 0.45, 0.35, 0.45  # latent answer = mean + these normal parts
FACET_CARRY = 0.6  # how much of a returning member's subscale outlook carries over to a new wave
MISSING_SHARE = 0.03
COMMENT_SHARE = 0.07
SURVEY_DAYS = 21


def latent_mean(target: float, sd: float, low: int, high: int) -> float:
    """Return the latent mean whose rounded, clipped answers average ``target``."""

    def expected(mu: float) -> float:
        tail = sum(math.erfc((k + 0.5 - mu) / (sd * math.sqrt(2))) / 2 for k in range(low, high))
        return low + tail

    lo, hi = low - 4 * sd, high + 4 * sd
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if expected(mid) < target else (lo, mid)
    return (lo + hi) / 2


def draw_segments(rng: np.random.Generator, profile: Profile, count: int) -> list[str]:
    """Return one segment per respondent, drawn with the profile's segment shares."""
    names = [name for name, _ in profile.segments]
    shares = np.array([share for _, share in profile.segments])
    return [names[i] for i in rng.choice(len(names), size=count, p=shares / shares.sum())]


def survey_days(rng: np.random.Generator, first: date, count: int, span: int) -> list[date]:
    """Return submission dates within ``span`` days from ``first``, most in the first days."""
    offsets = np.minimum(rng.exponential(span / 4, size=count).astype(int), span - 1)
    return [first + timedelta(days=int(offset)) for offset in offsets]


def assign_comments(
    rng: np.random.Generator, comments: Sequence[str], count: int
) -> list[str | None]:
    """Return a mostly blank comment column that uses every comment at least once."""
    chosen = max(len(comments), round(count * COMMENT_SHARE))
    texts = list(comments) + [pick(rng, comments) for _ in range(chosen - len(comments))]
    column: list[str | None] = [None] * count
    for row, text in zip(rng.choice(count, size=chosen, replace=False), texts, strict=True):
        column[int(row)] = text
    return column


def wave_members(
    rng: np.random.Generator,
    size: int,
    returning_share: float,
    earlier: Sequence[int],
    first_new: int,
) -> list[int]:
    """Return one wave's respondents as panel numbers: ``returning_share`` of ``size`` drawn from
    the ``earlier`` respondents who can be asked again, the rest new numbers from ``first_new``."""
    returning = min(len(earlier), round(size * returning_share))
    chosen = rng.choice(len(earlier), size=returning, replace=False) if returning else []
    return [earlier[int(i)] for i in chosen] + list(range(first_new, first_new + size - returning))


def respondent_ids(prefix: str, members: Sequence[int], order: Sequence[int]) -> list[str]:
    """Return each row's respondent id, numbered by first answer: a panel member keeps one id."""
    ids: dict[int, str] = {}
    for i in order:
        ids.setdefault(members[i], f"{prefix}{len(ids) + 1:04d}")
    return [ids[members[i]] for i in order]


def belonging_csv(profile: Profile, plan: BelongingPlan, instrument: Instrument) -> str:
    """Render belonging_survey.csv: waves of correlated Likert answers, reversed items flipped
    back; a member asked again keeps their segment and much of their outlook."""
    rng = stream(profile, "belonging_survey")
    low, high = instrument.scale_min, instrument.scale_max
    items, subscales = instrument.items, [subscale.id for subscale in instrument.subscales]
    total = sum(plan.sizes)  # at most this many members ever answer
    segments = draw_segments(rng, profile, total)
    person = rng.normal(0, PERSON_SD, total)
    facets = rng.normal(0, SUBSCALE_SD, (total, len(subscales)))
    total_sd = math.sqrt(PERSON_SD**2 + SUBSCALE_SD**2 + ITEM_SD**2)
    days: list[date] = []
    members: list[int] = []
    values: list[list[int | None]] = []
    for wave, size in enumerate(plan.sizes):
        later = len(plan.sizes) - 1 - wave
        fraction = 1.0 if len(plan.sizes) == 1 else wave / (len(plan.sizes) - 1)
        earlier = sorted(set(members))
        chosen = wave_members(rng, size, plan.returning_share, earlier, len(earlier))
        rows = np.array(chosen)
        back = rows[rows < len(earlier)]  # returning members: their facets drift a little
        drift = rng.normal(0, SUBSCALE_SD, (len(back), len(subscales)))
        facets[back] = FACET_CARRY * facets[back] + math.sqrt(1 - FACET_CARRY**2) * drift
        shift = np.array([plan.segment_shift.get(segments[m], 0.0) for m in chosen])
        answers: dict[str, np.ndarray] = {}
        for column, subscale in enumerate(subscales):
            target = plan.subscale_means[subscale] + plan.first_wave_shift.get(subscale, 0.0) * (
                1 - fraction
            )
            centre = latent_mean(target, total_sd, low, high)
            for item in instrument.items_of(subscale):
                noise = rng.normal(0, ITEM_SD, size)
                latent = centre + shift + person[rows] + facets[rows, column] + noise
                score = np.clip(np.floor(latent + 0.5), low, high).astype(int)
                answers[item.id] = low + high - score if item.reversed else score
        blank = rng.random((size, len(items))) < MISSING_SHARE
        last_day = profile.last_data - timedelta(weeks=plan.weeks_apart * later)
        first_day = last_day - timedelta(days=SURVEY_DAYS - 1)
        days += survey_days(rng, first_day, size, SURVEY_DAYS)
        members += chosen
        values += [
            [None if blank[i, j] else int(answers[item.id][i]) for j, item in enumerate(items)]
            for i in range(size)
        ]
    comments = assign_comments(rng, plan.comments, len(days))
    order = chronological_order(rng, days)
    rows_out = [
        [respondent, days[i], segments[members[i]], *values[i], comments[i]]
        for respondent, i in zip(respondent_ids("b", members, order), order, strict=True)
    ]
    header = ["respondent_id", "submitted_at", "segment", *instrument.item_ids, "comment"]
    return csv_text(header, rows_out)


# --------------------------------------------------------------------------------------------
# Community activity and goals
# --------------------------------------------------------------------------------------------


def holiday_factor(week: date) -> float:
    """Return the activity multiplier for a week: quieter over Christmas and New Year."""
    days = (week + timedelta(days=offset) for offset in range(7))
    quiet = any((d.month == 12 and d.day >= 24) or (d.month == 1 and d.day == 1) for d in days)
    return 0.6 if quiet else 1.0


def activity_csv(profile: Profile, community: Community) -> str:
    """Render community_activity.csv: growing members, noisy weekly counts, trends per plan."""
    rng = stream(profile, "community_activity")
    plan = community.activity
    last_week = profile.last_data - timedelta(days=profile.last_data.weekday())
    rows = []
    members = community.founding_members
    for index in range(plan.weeks):
        week = last_week - timedelta(weeks=plan.weeks - 1 - index)
        fraction = index / (plan.weeks - 1)
        growth = fraction**plan.growth_power
        expected = lerp((community.founding_members, plan.members_end), growth)
        members = max(members, round(expected * rng.lognormal(0, 0.01)))
        rate = min(1.0, lerp(plan.active_rate, fraction) * holiday_factor(week))
        active = int(rng.binomial(members, rate))
        posts = int(rng.poisson(active * lerp(plan.posts_per_active, fraction)))
        replies = int(rng.poisson(posts * lerp(plan.replies_per_post, fraction)))
        questions = int(rng.binomial(posts, lerp(plan.question_share, fraction)))
        answered = int(rng.binomial(questions, lerp(plan.answered_share, fraction)))
        hours = lerp(plan.response_hours, fraction) * rng.lognormal(0, 0.18)
        median_hours = round(hours, 1) if questions else None  # no questions, no response time
        rows.append([week, members, active, posts, replies, questions, answered, median_hours])
    header = [
        "week",
        "members",
        "active_members",
        "posts",
        "replies",
        "questions",
        "questions_answered",
        "median_first_response_hours",
    ]
    return csv_text(header, rows)


def goals_csv(goals: Sequence[Goal]) -> str:
    """Render community_goals.csv from the profile's goals, in their given order."""
    header = ["goal", "objective", "business_goal", "program", "metric", "target", "current"]
    rows = [
        [g.goal, g.objective, g.business_goal, g.program, g.metric, g.target, g.current]
        for g in goals
    ]
    return csv_text(header, rows)


# --------------------------------------------------------------------------------------------
# Differentiation: features, Kano survey, strategy canvas
# --------------------------------------------------------------------------------------------

KANO_CATEGORIES = ("M", "O", "A", "I", "R", "Q")
#: Answer mixes over must-be, one-dimensional, attractive, indifferent, reverse, questionable.
KANO_MIXES = {
    "must_be": (0.56, 0.24, 0.05, 0.12, 0.01, 0.02),
    "performance": (0.18, 0.56, 0.11, 0.12, 0.01, 0.02),
    "attractive": (0.04, 0.24, 0.57, 0.12, 0.01, 0.02),
    "indifferent": (0.12, 0.06, 0.09, 0.69, 0.02, 0.02),
    # customers split: some already count on it, the others are delighted (a Kano near-tie)
    "performance_or_attractive": (0.08, 0.42, 0.40, 0.08, 0.01, 0.01),
}
MIDDLE = ("expect", "neutral", "tolerate")


def kano_pair(rng: np.random.Generator, category: str) -> tuple[str, str]:
    """Return a (functional, dysfunctional) answer pair that evaluates to ``category``."""
    middle = np.array([0.3, 0.5, 0.2])
    if category == "M":
        return pick(rng, MIDDLE, np.array([0.5, 0.3, 0.2])), "dislike"
    if category == "O":
        return "like", "dislike"
    if category == "A":
        return "like", pick(rng, MIDDLE, np.array([0.2, 0.55, 0.25]))
    if category == "I":
        return pick(rng, MIDDLE, middle), pick(rng, MIDDLE, middle)
    if category == "R":
        return "dislike", pick(rng, ("like", "neutral"))
    return ("like", "like") if rng.random() < 0.5 else ("dislike", "dislike")  # questionable


def features_csv(profile: Profile) -> str:
    """Render features.csv; 'sampled' timings are drawn, about a quarter left unmeasured."""
    rng = stream(profile, "features")
    rows = []
    for feature in profile.features:
        measured, drawn = rng.random() >= 0.25, rng.lognormal(math.log(45), 0.6)  # every row
        seconds = (drawn if measured else None) if feature.seconds == SAMPLED else feature.seconds
        rows.append(
            [
                feature.name,
                feature.area,
                feature.change,
                feature.importance,
                None if seconds is None else round(float(seconds), 1),
            ]
        )
    return csv_text(["feature", "area", "change", "importance", "seconds_to_experience"], rows)


def kano_csv(profile: Profile) -> str:
    """Render kano_survey.csv: every respondent rates every surveyed feature."""
    rng = stream(profile, "kano_survey")
    surveyed = [feature for feature in profile.features if feature.kano]
    rows = []
    for number in range(1, profile.kano_respondents + 1):
        for feature in surveyed:
            mix = np.array(KANO_MIXES[str(feature.kano)])
            functional, dysfunctional = kano_pair(rng, pick(rng, KANO_CATEGORIES, mix))
            rows.append([f"k{number:03d}", feature.name, functional, dysfunctional])
    return csv_text(["respondent_id", "feature", "functional", "dysfunctional"], rows)


def canvas_csv(profile: Profile) -> str:
    """Render strategy_canvas.csv: one row per factor, the company's own product first."""
    rows = [[factor, *(float(score) for score in scores)] for factor, scores in profile.canvas]
    return csv_text(["factor", *profile.canvas_products], rows)


# --------------------------------------------------------------------------------------------
# Time to product/market fit: PMF survey waves and retention cohorts
# --------------------------------------------------------------------------------------------

WAVE_DAYS = 10
ANSWER_TEXTS = {
    "very": "Very disappointed",
    "somewhat": "Somewhat disappointed",
    "not": "Not disappointed",
    "na": "N/A - I no longer use it",
}
CASE_STYLES: tuple[Callable[[str], str], ...] = (lambda s: s, str.lower, str.upper, str.title)
CASE_WEIGHTS = np.array([0.55, 0.25, 0.1, 0.1])
BENEFIT_FILL = {"very": 0.85, "somewhat": 0.65, "not": 0.3, "na": 0.0}
IMPROVEMENT_FILL = {"very": 0.3, "somewhat": 0.8, "not": 0.25, "na": 0.05}
ANSWER_NOISE = 1.0  # how much a user's answer varies around their attachment, wave to wave


def wave_codes(
    rng: np.random.Generator, plan: PmfPlan, attachment: np.ndarray, share: float
) -> list[str]:
    """Return one wave's answer codes with exact counts: the N/A answers fall at random, the
    'very' and then 'somewhat' answers go to the most attached users (plus noise)."""
    size = len(attachment)
    na = round(size * plan.na_share)
    very = round((size - na) * share)
    somewhat = round((size - na - very) * plan.somewhat_share)
    codes = np.full(size, "na", dtype=object)
    users = rng.permutation(size)[na:]
    ranked = users[np.argsort(-(attachment[users] + rng.normal(0, ANSWER_NOISE, len(users))))]
    codes[ranked] = (
        ["very"] * very + ["somewhat"] * somewhat + ["not"] * (len(users) - very - somewhat)
    )
    return [str(code) for code in codes]


def pmf_batches(rng: np.random.Generator, profile: Profile) -> list[tuple[list[date], float]]:
    """Return the survey's answer days in batches with their target 'very' share: one batch per
    wave, or per calendar month of a continuous survey (its share follows the plan's curve)."""
    plan = profile.pmf
    if plan.continuous is None:
        batches = []
        for month, share, size in zip(plan.wave_months, plan.very_shares, plan.sizes, strict=True):
            first = add_months(profile.started, month) + timedelta(days=int(rng.integers(0, 5)))
            batches.append((survey_days(rng, first, size, WAVE_DAYS), share))
        return batches
    first = add_months(profile.started, plan.continuous.first_month)
    span = (profile.last_data - first).days
    by_month: dict[date, list[date]] = {}
    for offset in range(span + 1):
        day = first + timedelta(days=offset)
        count = int(rng.poisson(plan.continuous.answers_per_day))
        by_month.setdefault(day.replace(day=1), []).extend([day] * count)
    points = np.linspace(0, 1, len(plan.very_shares))
    return [
        (
            days,
            float(np.interp((days[len(days) // 2] - first).days / span, points, plan.very_shares)),
        )
        for days in by_month.values()
        if days
    ]


def pmf_csv(profile: Profile) -> str:
    """Render pmf_survey.csv: Sean Ellis answers with short benefit/improvement text, in waves
    (a panel when earlier respondents are asked again) or trickling in continuously."""
    rng = stream(profile, "pmf_survey")
    plan = profile.pmf
    batches = pmf_batches(rng, profile)
    total = sum(len(days) for days, _ in batches)  # at most this many users ever answer
    segments = draw_segments(rng, profile, total)
    attachment = rng.normal(0, 1, total)
    attachment += plan.lead_segment_bonus * (np.array(segments) == profile.segments[0][0])
    benefit_weights = zipf_weights(len(plan.benefits))
    improvement_weights = zipf_weights(len(plan.improvements))
    still_using: dict[int, bool] = {}  # panel member -> may be asked again (did not answer N/A)
    members: list[int] = []
    records: list[list[Any]] = []
    for days, share in batches:
        earlier = [member for member, using in still_using.items() if using]
        chosen = wave_members(rng, len(days), plan.returning_share, earlier, len(still_using))
        codes = wave_codes(rng, plan, attachment[np.array(chosen)], share)
        for day, member, code in zip(days, chosen, codes, strict=True):
            still_using[member] = code != "na"
            answer = code
            if plan.full_text_answers:
                answer = CASE_STYLES[int(rng.choice(4, p=CASE_WEIGHTS))](ANSWER_TEXTS[code])
            benefit = improvement = None
            if rng.random() < BENEFIT_FILL[code]:
                benefit = pick(rng, plan.benefits, benefit_weights)
            if rng.random() < IMPROVEMENT_FILL[code]:
                improvement = pick(rng, plan.improvements, improvement_weights)
            members.append(member)
            records.append([day, answer, segments[member], benefit, improvement])
    order = chronological_order(rng, [record[0] for record in records])
    ids = respondent_ids("p", members, order)
    rows = [[respondent, *records[i]] for respondent, i in zip(ids, order, strict=True)]
    header = ["respondent_id", "submitted_at", "answer", "segment", "main_benefit", "improvement"]
    return csv_text(header, rows)


def retention_csv(profile: Profile) -> str:
    """Render retention.csv: a triangle of monthly cohorts up to the last data month."""
    rng = stream(profile, "retention")
    plan = profile.retention
    first_cohort = add_months(profile.last_data, -(plan.cohorts - 1))
    rows = []
    for index in range(plan.cohorts):
        fraction = index / (plan.cohorts - 1)
        size = round(lerp(plan.sizes, fraction) * rng.lognormal(0, 0.1))
        plateau = lerp(plan.plateau, fraction)
        cohort = add_months(first_cohort, index)
        rows.append([cohort, 0, size])
        active, kept_before = size, 1.0
        for period in range(1, plan.cohorts - index):
            kept = plateau + (1 - plateau) * (1 + period) ** -plan.shape
            active = int(rng.binomial(active, kept / kept_before))  # who stay of those still there
            kept_before = kept
            rows.append([cohort, period, active])
    return csv_text(["cohort", "period", "active_users"], rows)


# --------------------------------------------------------------------------------------------
# Writing a company
# --------------------------------------------------------------------------------------------


def company_files(profile: Profile, instrument: Instrument) -> dict[str, str]:
    """Return every file of one company as {file name: text}."""
    files = {
        "company.yaml": company_yaml(profile),
        "features.csv": features_csv(profile),
        "kano_survey.csv": kano_csv(profile),
        "strategy_canvas.csv": canvas_csv(profile),
        "pmf_survey.csv": pmf_csv(profile),
        "retention.csv": retention_csv(profile),
    }
    if profile.community is not None:
        community = profile.community
        files["belonging_survey.csv"] = belonging_csv(profile, community.belonging, instrument)
        files["community_activity.csv"] = activity_csv(profile, community)
        files["community_goals.csv"] = goals_csv(community.goals)
    if profile.practices is not None:
        files["team_assessment.yaml"] = team_assessment_yaml(profile.practices)
    return files


def write_company(
    profile: Profile, instrument: Instrument, companies_dir: Path = COMPANIES_DIR
) -> list[Path]:
    """Write one company's folder (UTF-8, no BOM, ``\\n``) and return the written paths."""
    folder = companies_dir / profile.slug
    folder.mkdir(parents=True, exist_ok=True)
    files = company_files(profile, instrument)
    for name in OPTIONAL_FILES:
        if name not in files:
            (folder / name).unlink(missing_ok=True)
    written = []
    for name, text in sorted(files.items()):
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    """Generate all sample companies (into ``--out DIR`` instead of data/companies when given)."""
    parser = argparse.ArgumentParser(description="Regenerate the sample companies.")
    parser.add_argument("--out", type=Path, default=COMPANIES_DIR, help="companies folder")
    companies_dir = parser.parse_args(argv).out
    instrument = load_instrument(INSTRUMENT_PATH)
    for profile in PROFILES:
        written = write_company(profile, instrument, companies_dir)
        print(f"{profile.slug}: {len(written)} files in {companies_dir / profile.slug}")


# --------------------------------------------------------------------------------------------
# The four sample companies
# --------------------------------------------------------------------------------------------

LEDGERLY = Profile(
    slug="ledgerly",
    name="Ledgerly",
    seed=1101,
    stage="scaling",
    started=date(2024, 3, 1),
    last_data=date(2026, 2, 23),
    runway_months=30,
    network_effects=False,
    reference_product="spreadsheet close checklists",
    segments=(("finance leads", 0.45), ("bookkeepers", 0.35), ("controllers", 0.2)),
    features=(
        Feature("bank feed import", "core", "kept", 5, kano="must_be"),
        Feature("accounting system sync", "core", "kept", 5),
        Feature("close checklist", "core", "kept", 5, kano="must_be"),
        Feature("auto-match transactions", "core", "reinvented", 5, 20.4, "attractive"),
        Feature("reconciliation workspace", "core", "reinvented", 5, 68.0, "attractive"),
        Feature(
            "variance explanations", "core", "reinvented", 4, 41.5, "performance_or_attractive"
        ),
        Feature("flux commentary drafts", "core", "new", 3, 35.2, "attractive"),
        Feature("task assignment", "core", "kept", 4),
        Feature("due dates and reminders", "core", "kept", 3),
        Feature("journal entry templates", "core", "kept", 4),
        Feature("supporting document attachments", "core", "kept", 4),
        Feature("reviewer sign-off", "core", "kept", 4, kano="must_be"),
        Feature("audit trail", "core", "kept", 4, kano="must_be"),
        Feature("close calendar", "core", "kept", 3),
        Feature("accrual schedules", "core", "kept", 3),
        Feature("prepaid amortisation", "core", "kept", 3),
        Feature("close status dashboard", "core", "kept", 3, kano="performance"),
        Feature("multi-entity consolidation", "peripheral", "kept", 2),
        Feature("Slack notifications", "peripheral", "kept", 2),
        Feature("email digests", "peripheral", "kept", 1),
        Feature("CSV export", "peripheral", "kept", 2),
        Feature("PDF close binder", "peripheral", "kept", 2),
        Feature("roles and permissions", "peripheral", "kept", 3),
        Feature("single sign-on", "peripheral", "kept", 2),
        Feature("comments on tasks", "peripheral", "kept", 2),
        Feature("mobile approvals", "peripheral", "kept", 1),
        Feature("dark mode", "peripheral", "new", 1, 6.0, "indifferent"),
        Feature("spreadsheet checklist upload", "peripheral", "removed", 1, None),
    ),
    kano_respondents=60,
    canvas_products=("Ledgerly", "Spreadsheet checklists", "CloseDesk"),
    canvas=(
        ("Low price", (6, 9.5, 2)),
        ("Fast setup", (8, 7, 2.5)),
        ("Checklist flexibility", (7, 9, 6)),
        ("Transaction auto-matching", (9, 1, 6.5)),
        ("Variance explanations", (8.5, 2, 6)),
        ("Audit readiness", (8, 3, 9)),
        ("Accounting integrations", (6.5, 4, 9)),
        ("Reviewer collaboration", (8, 3.5, 7)),
        ("Peer community", (9, 2, 3)),
    ),
    pmf=PmfPlan(
        wave_months=(6, 9, 12, 15, 18, 21),  # every quarter, many customers answer again
        very_shares=(0.22, 0.31, 0.40, 0.51, 0.55, 0.57),
        sizes=(70, 90, 110, 130, 150, 170),
        returning_share=0.55,
        na_share=0.06,
        somewhat_share=0.5,
        benefits=(
            "faster month-end close",
            "bank sync",
            "auto-matching",
            "fewer spreadsheets",
            "audit trail",
            "clear task ownership",
            "variance explanations",
        ),
        improvements=(
            "more bank integrations",
            "multi-entity support",
            "custom reports",
            "faster sync",
            "better mobile approvals",
            "cheaper pricing",
        ),
    ),
    retention=RetentionPlan(cohorts=22, sizes=(90, 260), plateau=(0.52, 0.63), shape=1.8),
    community=Community(
        owner="community-team",
        founding_members=40,
        channels=3,
        activity=ActivityPlan(
            weeks=104,
            members_end=2400,
            growth_power=1.3,
            active_rate=(0.34, 0.48),
            posts_per_active=(1.2, 0.8),
            replies_per_post=(2.0, 2.8),
            question_share=(0.45, 0.35),
            answered_share=(0.84, 0.90),
            response_hours=(14.0, 3.5),
        ),
        belonging=BelongingPlan(
            sizes=(90, 100, 110, 120),  # a quarterly pulse survey of the same members
            returning_share=0.5,
            subscale_means={
                "trust": 4.2,
                "safety": 4.25,
                "shared_values": 4.15,
                "membership": 4.0,
                "influence": 4.05,
                "emotional_connection": 4.0,
            },
            first_wave_shift={  # the community team's work shows: belonging grows
                "trust": -0.15,
                "safety": -0.1,
                "shared_values": -0.15,
                "membership": -0.35,
                "influence": -0.3,
                "emotional_connection": -0.35,
            },
            comments=(
                "The <b>month-end</b> threads saved my close last quarter",
                "Q&A on accruals is the best part",
                "Met two other controllers at the café meetup in Lyon",
                "Would love a channel for audit season",
                "People answer fast, even on weekends",
                "Sometimes hard to find older answers",
                "Feels like a room of peers & not a vendor forum",
            ),
        ),
        goals=(
            Goal(
                "Members solve close blockers without a ticket",
                "support",
                "Keep support cost per customer flat while accounts double",
                "Peer answers in #close-help with community-team triage",
                "% of questions answered within 24 h",
                90,
                88,
            ),
            Goal(
                "Answer library covers the common questions",
                "support",
                "Reduce support tickets per account",
                "Community-written close playbooks",
                "tickets per 100 accounts per month",
                12,
                15,
            ),
            Goal(
                "Customers close the books faster",
                "success",
                "Raise net revenue retention above 110%",
                "Monthly close clinics run by power users",
                "median days to close for active customers",
                5,
                6.5,
            ),
            Goal(
                "New teams finish their first close in Ledgerly",
                "success",
                "Keep churn in the first 90 days below 5%",
                "Founding-member buddies for new teams",
                "% of new teams completing a first close within 45 days",
                80,
                72,
            ),
            Goal(
                "Roadmap ideas come from real close problems",
                "product",
                "Ship the roadmap items that cut close time",
                "Quarterly idea voting and a beta group",
                "roadmap items sourced from community ideas per quarter",
                6,
                5,
            ),
        ),
    ),
    practices={
        "code_of_conduct": "yes",
        "active_moderation": "yes",
        "harm_reporting": "yes",
        "member_contact": "yes",
        "shared_values": "yes",
        "no_ads_or_bait": "yes",
        "data_minimisation": "partly",
    },
)

TANDEM = Profile(
    slug="tandem",
    name="Tandem",
    seed=2202,
    stage="pre-pmf",
    started=date(2025, 6, 1),
    last_data=date(2026, 8, 31),
    runway_months=22,
    network_effects=True,
    reference_product="GitHub pull request reviews",
    segments=(("startup teams", 0.45), ("solo developers", 0.35), ("open-source maintainers", 0.2)),
    features=(
        Feature("terminal diff viewer", "core", "kept", 5, kano="must_be"),
        Feature("inline comments", "core", "kept", 5, kano="must_be"),
        Feature("approve or request changes", "core", "kept", 5, kano="must_be"),
        Feature("live shared cursor session", "core", "new", 5, 24.8, "attractive"),
        Feature("review replay", "core", "reinvented", 4, None, "attractive"),
        Feature("keyboard-first navigation", "core", "reinvented", 3, 38.5, "performance"),
        Feature("git branch integration", "core", "kept", 5),
        Feature("review threads", "core", "kept", 4),
        Feature("suggested changes", "core", "reinvented", 4, 52.0),
        Feature("merge from the terminal", "core", "kept", 4),
        Feature("reviewer assignment", "core", "kept", 3),
        Feature("CI status in review", "core", "kept", 3),
        Feature("file tree filter", "core", "kept", 2),
        Feature("GitHub sync", "peripheral", "kept", 3),
        Feature("GitLab sync", "peripheral", "kept", 2),
        Feature("notification digest", "peripheral", "kept", 2),
        Feature("editor plugin", "peripheral", "kept", 2),
        Feature("SSH key login", "peripheral", "kept", 2),
        Feature("colour themes", "peripheral", "kept", 1, kano="indifferent"),
        Feature("team analytics", "peripheral", "kept", 1),
        Feature("review templates", "peripheral", "kept", 1),
        Feature("emoji reactions", "peripheral", "kept", 1),
    ),
    kano_respondents=38,
    canvas_products=("Tandem", "GitHub pull request reviews", "PairPilot"),
    canvas=(
        ("Works in the terminal", (9.5, 2, 3)),
        ("Live pairing", (8.5, 1, 9)),
        ("Async review history", (7, 9, 2)),
        ("Review speed", (8, 5.5, 6)),
        ("Web interface polish", (3, 9, 7)),
        ("Integrations", (4, 9.5, 5)),
        ("Free tier", (7, 8, 4)),
    ),
    pmf=PmfPlan(
        wave_months=(5, 8, 11, 14),  # each wave asks new sign-ups
        very_shares=(0.18, 0.25, 0.31, 0.36),
        sizes=(42, 57, 71, 88),
        na_share=0.05,
        somewhat_share=0.5,
        benefits=(
            "reviews without leaving the terminal",
            "live pairing",
            "faster code reviews",
            "review replay",
            "keyboard shortcuts",
        ),
        improvements=(
            "GitLab support",
            "Windows support",
            "better onboarding",
            "editor integration",
            "large diffs",
            "team billing",
        ),
    ),
    retention=RetentionPlan(cohorts=14, sizes=(70, 150), plateau=(0.27, 0.35), shape=1.6),
    community=Community(
        owner="founder",
        founding_members=35,
        channels=2,
        activity=ActivityPlan(
            weeks=60,
            members_end=900,
            growth_power=1.4,
            active_rate=(0.60, 0.35),
            posts_per_active=(1.5, 1.0),
            replies_per_post=(1.6, 2.2),
            question_share=(0.40, 0.35),
            answered_share=(0.72, 0.82),
            response_hours=(4.0, 6.5),
        ),
        belonging=BelongingPlan(
            sizes=(120,),
            subscale_means={
                "trust": 3.8,
                "safety": 3.9,
                "shared_values": 3.85,
                "membership": 3.5,
                "influence": 3.95,
                "emotional_connection": 3.45,
            },
            comments=(
                "The founder replies to everything, which is great for now",
                "More async review swaps please",
                "Discord gets noisy during launches",
                "Learned more about code review here than at work",
                "Would like a channel for Neovim users",
                "Merci for the French docs, très utile",
            ),
        ),
        goals=(
            Goal(
                "Developers hear about Tandem from other developers",
                "acquisition",
                "Reach 1,000 weekly active reviewers",
                "Live-coding streams with community members",
                "sign-ups referred by members per month",
                150,
                95,
            ),
            Goal(
                "Early users review code in Tandem every week",
                "engagement",
                "Find product/market fit before the runway ends",
                "Weekly review-swap sessions on Discord",
                "weekly active members",
                400,
                310,
            ),
            Goal(
                "Members help each other get set up",
                "engagement",
                "Shorten the time to a first review",
                "Setup-help channel with pinned guides",
                "% of questions answered",
                85,
                80,
            ),
            Goal(
                "Feedback shapes the terminal workflow",
                "product",
                "Reach 40% very disappointed in the PMF survey",
                "Founder office hours and feedback threads",
                "% of feature requests triaged within a week",
                90,
                70,
            ),
        ),
    ),
)

SNAPPLATE = Profile(
    slug="snapplate",
    name="Snapplate",
    seed=3303,
    stage="pre-pmf",
    started=date(2024, 4, 1),
    last_data=date(2026, 10, 26),
    runway_months=5,
    network_effects=True,
    reference_product="Instagram food accounts",
    segments=(("food creators", 0.3), ("home cooks", 0.7)),
    features=(
        Feature("photo upload", "core", "kept", 5, kano="must_be"),
        Feature("photo filters", "core", "kept", 4, kano="indifferent"),
        Feature("home feed", "core", "kept", 5, kano="must_be"),
        Feature("explore page", "core", "kept", 4),
        Feature("follow people", "core", "kept", 5),
        Feature("likes", "core", "kept", 4),
        Feature("comments", "core", "kept", 4, kano="must_be"),
        Feature("save to collection", "core", "kept", 4, kano="must_be"),
        Feature("recipe card", "core", "kept", 4),
        Feature("ingredient list", "core", "kept", 3),
        Feature("step-by-step instructions", "core", "kept", 3),
        Feature("user profile", "core", "kept", 4),
        Feature("stories", "core", "kept", 3, kano="indifferent"),
        Feature("short video reels", "core", "kept", 3, kano="indifferent"),
        Feature("hashtags", "core", "kept", 3, kano="indifferent"),
        Feature("recipe search", "core", "kept", 4),
        Feature("notifications", "peripheral", "kept", 3),
        Feature("direct messages", "peripheral", "kept", 3),
        Feature("share to other apps", "peripheral", "kept", 3),
        Feature("tag friends", "peripheral", "kept", 2),
        Feature("location tag", "peripheral", "kept", 1),
        Feature("shopping list", "peripheral", "kept", 2),
        Feature("dietary tags", "peripheral", "kept", 2),
        Feature("import recipe from a link", "peripheral", "kept", 2),
        Feature("cook mode screen", "peripheral", "kept", 2),
        Feature("account settings", "peripheral", "kept", 2),
        Feature("dark mode", "peripheral", "kept", 1),
        Feature("report a post", "peripheral", "kept", 2),
        Feature("block a user", "peripheral", "kept", 2),
        Feature("pantry match", "peripheral", "new", 2, 91.3, "indifferent"),
    ),
    kano_respondents=80,
    canvas_products=("Snapplate", "Instagram food accounts", "ForkFeed"),
    canvas=(
        ("Photo filters", (8, 8.5, 5)),
        ("Discovery feed", (7.5, 8, 6)),
        ("Following friends", (7, 8, 4)),
        ("Stories", (7, 7.5, 2)),
        ("Short videos", (6.5, 7, 3)),
        ("Recipe structure", (5, 4.5, 9)),
        ("Direct messages", (6, 6.5, 1)),
        ("Ad-free browsing", (5, 4, 6)),
    ),
    pmf=PmfPlan(
        continuous=Continuous(first_month=7, answers_per_day=0.7),  # an in-app prompt, always on
        very_shares=(0.21, 0.19, 0.23, 0.20, 0.21),
        na_share=0.1,
        somewhat_share=0.35,
        benefits=(
            "recipe inspiration",
            "food photos",
            "following friends",
            "saving recipes",
            "shopping list",
        ),
        improvements=(
            "less like Instagram",
            "better search",
            "more original content",
            "fewer ads",
            "video recipes",
            "offline mode",
        ),
        full_text_answers=True,
        lead_segment_bonus=0.4,
    ),
    retention=RetentionPlan(cohorts=24, sizes=(1500, 2300), plateau=(0.0, 0.0), shape=1.0),
)

STALLHOP = Profile(
    slug="stallhop",
    name="Stallhop",
    seed=4404,
    stage="pmf",
    started=date(2024, 9, 1),
    last_data=date(2026, 3, 30),
    runway_months=14,
    network_effects=True,
    reference_product="Etsy",
    segments=(("makers", 0.35), ("buyers", 0.65)),
    features=(
        Feature("product listings", "core", "kept", 5),
        Feature("search", "core", "kept", 5, kano="must_be"),
        Feature("checkout", "core", "kept", 5, kano="must_be"),
        Feature("map of nearby makers", "core", "reinvented", 5, 14.6, "attractive"),
        Feature("local pickup booking", "core", "new", 4, 42.0, "attractive"),
        Feature("maker video stories", "core", "reinvented", 4, 22.7, "attractive"),
        Feature("maker studio profiles", "core", "reinvented", 4, 31.0, "attractive"),
        Feature("custom commissions", "core", "new", 3, 118.0, "performance"),
        Feature("reviews and ratings", "core", "kept", 4, kano="performance"),
        Feature("buyer-maker messaging", "core", "kept", 3),
        Feature("order tracking", "core", "kept", 3),
        Feature("payments and payouts", "core", "kept", 4),
        Feature("shipping labels", "core", "kept", 3),
        Feature("favourites", "core", "kept", 2),
        Feature("gift cards", "peripheral", "kept", 1, kano="indifferent"),
        Feature("seller analytics", "peripheral", "kept", 2),
        Feature("promoted listings", "peripheral", "kept", 2),
        Feature("coupon codes", "peripheral", "kept", 1),
        Feature("seller forum", "peripheral", "kept", 2),
        Feature("mobile app", "peripheral", "kept", 3),
        Feature("shareable wish lists", "peripheral", "kept", 1),
        Feature("tax reports", "peripheral", "kept", 2),
        Feature("bulk listing editor", "peripheral", "kept", 2),
        Feature("international shipping", "peripheral", "removed", 2, None),
    ),
    kano_respondents=70,
    canvas_products=("Stallhop", "Etsy", "Local craft fairs"),
    canvas=(
        ("Catalogue breadth", (4, 9.5, 2)),
        ("Seeing nearby makers", (9, 1, 6)),
        ("Same-day local pickup", (8.5, 0.5, 10)),
        ("Maker stories", (9, 4, 7)),
        ("Low seller fees", (7, 3, 5)),
        ("Buyer protection", (3, 8.5, 2)),
        ("Search quality", (5, 8, 1)),
        ("Custom commissions", (8, 5, 6)),
        ("Shipping reach", (3, 9, 0)),
    ),
    pmf=PmfPlan(
        wave_months=(9, 12, 15, 18),  # every quarter, buyers and makers answer again
        very_shares=(0.36, 0.40, 0.42, 0.43),
        sizes=(110, 130, 150, 160),
        returning_share=0.5,
        na_share=0.05,
        somewhat_share=0.45,
        benefits=(
            "finding local makers",
            "local pickup",
            "unique gifts",
            "maker stories",
            "supporting local business",
        ),
        improvements=(
            "buyer protection",
            "faster seller replies",
            "fewer scams",
            "better search",
            "clearer fees",
            "more sellers near me",
        ),
    ),
    retention=RetentionPlan(cohorts=16, sizes=(350, 1400), plateau=(0.18, 0.22), shape=1.5),
    community=Community(
        owner="none",
        founding_members=400,
        channels=9,
        activity=ActivityPlan(
            weeks=64,
            members_end=3800,
            growth_power=1.0,
            active_rate=(0.22, 0.12),
            posts_per_active=(0.9, 0.7),
            replies_per_post=(0.9, 0.6),
            question_share=(0.55, 0.65),
            answered_share=(0.55, 0.40),
            response_hours=(9.0, 34.0),
        ),
        belonging=BelongingPlan(
            sizes=(80, 90, 100),  # a quarterly survey of the same members
            returning_share=0.5,
            subscale_means={
                "trust": 2.32,
                "safety": 2.28,
                "shared_values": 3.35,
                "membership": 3.25,
                "influence": 2.5,
                "emotional_connection": 2.7,
            },
            first_wave_shift={  # nobody owns the community: trust and safety erode
                "trust": 0.6,
                "safety": 0.65,
                "shared_values": 0.1,
                "membership": 0.2,
                "influence": 0.3,
                "emotional_connection": 0.3,
            },
            comments=(
                "Too many promoted posts in the groups",
                "A buyer scammed me and nobody from Stallhop replied",
                "I don't know which of the nine channels to post in",
                "Makers here are lovely, the marketplace side less so",
                "Would like clear rules about reselling",
                "Stopped posting after someone copied my designs",
                "Naïve question: who moderates this?",
            ),
            segment_shift={"makers": -0.15},
        ),
        goals=(
            Goal(
                "Bring more makers onto the marketplace",
                "acquisition",
                "Grow listings in each launch city",
                "Maker referral bonus",
                "new makers referred per month",
                120,
                64,
            ),
            Goal(
                "Grow buyers in new cities by word of mouth",
                "acquisition",
                "Launch three new cities this year",
                "Pop-up market meetups",
                "buyers from pop-up referrals per month",
                500,
                220,
            ),
            Goal(
                "Makers share how they make their goods",
                "contribution",
                "Raise conversion on maker pages",
                "Maker story challenges",
                None,
            ),
            Goal(
                "Buyers get answers before they buy",
                "support",
                "Reduce abandoned carts",
                "Buyer questions board",
                "% of buyer questions answered",
                80,
                46,
            ),
            Goal(
                "Makers post every week",
                "engagement",
                "Hold seller churn under 4% a month",
                "Weekly maker spotlights",
                "makers posting weekly",
                300,
                180,
            ),
        ),
    ),
    practices={
        "code_of_conduct": "no",
        "active_moderation": "partly",
        "harm_reporting": "no",
        "member_contact": "partly",
        "shared_values": "partly",
        "no_ads_or_bait": "no",
        "data_minimisation": "no",
    },
)

PROFILES = (LEDGERLY, TANDEM, SNAPPLATE, STALLHOP)

if __name__ == "__main__":
    main()
