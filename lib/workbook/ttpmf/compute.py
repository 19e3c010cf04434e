"""TTPMF numbers and checks: scores, waves, segments, retention, trend, projection and status.

Everything here computes; nothing formats tables or Markdown (see :mod:`workbook.ttpmf.present`).
Thresholds come from :mod:`workbook.ttpmf.rules`. :func:`assess` builds the one frozen
:class:`TTPMFResult`: details first, then advice, then the result.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from workbook import format as fmt
from workbook.evidence import Evidence, holm, two_proportion_p
from workbook.io import PMF_ANSWER_CODES, normalize_pmf_answer
from workbook.results import AssessmentResult, Check, Outcome, Recommendation
from workbook.stats import normal_quantile, safe_ratio, wilson_interval
from workbook.ttpmf import advice, rules
from workbook.ttpmf.rules import Fit, RetentionShapeWord, TTPMFStatus, WaveFit
from workbook.waves import Grouping, assign_waves
from workbook.window import drop_after, period_end

if TYPE_CHECKING:
    from workbook.io import Company

SURVEY_FILE = "pmf_survey.csv"
RETENTION_FILE = "retention.csv"

# --------------------------------------------------------------------------------------------
# Months and dates
# --------------------------------------------------------------------------------------------


def months_between(start: date, end: date) -> float:
    """Months from ``start`` to ``end`` in average months (365.25 / 12 days); negative if before."""
    return (end - start).days / rules.DAYS_PER_MONTH.value


def date_at_month(start: date, months: float) -> date:
    """The date ``months`` average months after ``start`` (inverse of :func:`months_between`)."""
    return start + timedelta(days=round(months * rules.DAYS_PER_MONTH.value))


def add_calendar_months(start: date, months: float) -> date:
    """``start`` plus whole calendar months, plus any fraction as average-month days.

    Used for marks people read on a calendar (12/24 months, the runway end).
    """
    whole = math.floor(months)
    shifted = (pd.Timestamp(start) + pd.DateOffset(months=whole)).date()
    return shifted + timedelta(days=round((months - whole) * rules.DAYS_PER_MONTH.value))


def calendar_months_between(start: date, end: date) -> float:
    """Calendar months from ``start`` to ``end``: the whole months a calendar counts (the same
    day of a later month, or its last day when the month is shorter), plus the days left as a
    share of the month that follows; negative when ``end`` is before ``start``.

    The inverse of :func:`add_calendar_months` for whole months: a runway of exactly six months
    counts as 6.0, whatever the lengths of the months it spans.
    """
    if end < start:
        return -calendar_months_between(end, start)
    whole = (end.year - start.year) * 12 + end.month - start.month
    while whole > 0 and _shift_months(start, whole) > end:
        whole -= 1
    base = _shift_months(start, whole)
    following = _shift_months(start, whole + 1)
    return whole + (end - base).days / (following - base).days


def _shift_months(start: date, months: int) -> date:
    """``start`` plus whole calendar months (clipped to the month's last day)."""
    return (pd.Timestamp(start) + pd.DateOffset(months=months)).date()


def as_date(value: Any) -> date:
    """A date from a pandas Timestamp, numpy datetime64, date or ISO text."""
    return pd.Timestamp(value).date()


def _maybe(value: Any) -> float | None:
    """A float, or None for None and NaN (figures are plain JSON-ready values)."""
    return None if value is None or pd.isna(value) else float(value)


# --------------------------------------------------------------------------------------------
# The Sean Ellis score
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeanEllisScore:
    """The Sean Ellis test's result for one group of answers.

    ``share`` is the share of *very disappointed* among ``n`` respondents who still use the
    product (N/A answers are counted in ``na`` and left out of ``n``); ``ci_low``/``ci_high``
    bound its Wilson 95% interval. All three are None when ``n`` is 0.
    """

    share: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    very: int
    somewhat: int
    not_disappointed: int
    na: int

    @classmethod
    def from_counts(
        cls, very: int, somewhat: int, not_disappointed: int, na: int
    ) -> SeanEllisScore:
        """Score from answer counts (the one place the share and its interval are computed)."""
        n = very + somewhat + not_disappointed
        estimate = wilson_interval(very, n, confidence=rules.CONFIRMED_FIT.value)
        return cls(
            estimate.value,
            estimate.ci_low,
            estimate.ci_high,
            n,
            very,
            somewhat,
            not_disappointed,
            na,
        )

    @property
    def too_few(self) -> bool:
        """True when fewer than :data:`MIN_ANSWERS` answers count."""
        return self.n < rules.MIN_ANSWERS.value

    @property
    def fit(self) -> WaveFit:
        """``confirmed`` when the interval's lower bound is at or above the bar on at least
        :data:`MIN_ANSWERS` answers, ``provisional`` when only the share is at or above it,
        ``not reached`` below, ``not defined`` without answers."""
        return fit_label(self.share, self.ci_low, self.n)


def fit_label(share: float | None, ci_low: float | None, n: int) -> WaveFit:
    """Classify a share against :data:`FIT_THRESHOLD` (see :attr:`SeanEllisScore.fit`): fit is
    confirmed only by a lower bound at or above the bar AND enough answers."""
    if share is None or pd.isna(share):
        return "not defined"
    bar = rules.FIT_THRESHOLD.value
    lower_clears = ci_low is not None and not pd.isna(ci_low) and ci_low >= bar
    if lower_clears and n >= rules.MIN_ANSWERS.value:
        return "confirmed"
    return "provisional" if share >= bar else "not reached"


def normalize_answers(answers: Iterable[Any]) -> pd.Series:
    """Map answers (codes or the survey tools' full texts, any case) to ``very|somewhat|not|na``.

    Raises ValueError naming the unrecognised values, so that no answer is silently dropped or
    miscounted. Each distinct value is normalised once, which keeps large surveys fast.
    """
    values = _as_series(answers)
    codes = _map_distinct(values, normalize_pmf_answer)
    bad = codes.isna()
    if bad.any():
        distinct_bad = pd.unique(values[bad])[:5]
        examples = ", ".join("a missing answer" if pd.isna(v) else repr(v) for v in distinct_bad)
        raise ValueError(
            f"{int(bad.sum())} unrecognised Sean Ellis answer(s): {examples}. Expected one of "
            f"{', '.join(PMF_ANSWER_CODES)} or the survey's full texts such as "
            "'Very disappointed' or 'N/A - I no longer use it'."
        )
    return codes


def _as_series(values: Iterable[Any]) -> pd.Series:
    """``values`` as a Series, keeping None and other objects as they are."""
    return values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)


def _map_distinct(values: pd.Series, function: Callable[[Any], Any]) -> pd.Series:
    """``values.map(function)`` with one call per distinct value (missing values map to None).

    Survey columns repeat a few values many times, so this keeps 100,000-row surveys fast.
    """
    positions, distinct = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([function(value) for value in distinct] + [None], dtype=object)
    return pd.Series(mapped[positions], index=values.index, dtype=object)  # -1 picks None


def sean_ellis(answers: Iterable[Any]) -> SeanEllisScore:
    """The Sean Ellis score of some answers: share *very disappointed*, Wilson 95% CI, n, N/A.

    Answers may be codes or full texts in any case; unrecognised ones raise ValueError.
    """
    counts = normalize_answers(answers).value_counts()
    return SeanEllisScore.from_counts(*(int(counts.get(code, 0)) for code in PMF_ANSWER_CODES))


def _scores_by(survey: pd.DataFrame, key: str) -> pd.DataFrame:
    """Answer counts and Sean Ellis scores per value of ``key`` (rows in key order)."""
    answered = survey[survey[key].notna() & survey["answer"].notna()]
    groups, values = pd.factorize(answered[key], sort=True)
    codes = pd.Index(PMF_ANSWER_CODES).get_indexer(answered["answer"])  # -1: not a code
    known = codes >= 0
    counts = np.zeros((len(values), len(PMF_ANSWER_CODES)), dtype="int64")
    np.add.at(counts, (groups[known], codes[known]), 1)
    scores = [SeanEllisScore.from_counts(*map(int, row)) for row in counts]
    column = dict(zip(PMF_ANSWER_CODES, counts.T, strict=True))
    return pd.DataFrame(
        {
            key: values,
            "n": [s.n for s in scores],
            "very": column["very"],
            "somewhat": column["somewhat"],
            "not": column["not"],
            "na": column["na"],
            "share": [s.share for s in scores],
            "ci_low": [s.ci_low for s in scores],
            "ci_high": [s.ci_high for s in scores],
            "too_few": [s.too_few for s in scores],
            "fit": [s.fit for s in scores],
        }
    )


# --------------------------------------------------------------------------------------------
# Waves and segments
# --------------------------------------------------------------------------------------------


def wave_scores(
    survey: pd.DataFrame, started: date, numbers: pd.Series | None = None
) -> pd.DataFrame:
    """One row per wave: dates, months since ``started``, answer counts and Sean Ellis score.

    ``numbers`` is each answer's wave (default: :func:`workbook.waves.assign_waves`, which
    reads a continuous survey in calendar months or quarters). Columns: wave, start, end, date,
    months, then the score columns (n, very, somewhat, not, na, share, ci_low, ci_high,
    too_few, fit). A wave's ``date`` is the median day of its answers (where most respondents
    are); ``end`` is its last answer day.
    """
    if numbers is None:
        numbers = assign_waves(survey["submitted_at"]).numbers
    grouped = survey.assign(wave=numbers.to_numpy())
    days = grouped["submitted_at"].dt.normalize()
    spans = days.groupby(grouped["wave"]).agg(["min", "max", "median"])
    scored = _scores_by(grouped, "wave")
    scored.insert(1, "start", spans["min"].to_numpy())
    scored.insert(2, "end", spans["max"].to_numpy())
    scored.insert(3, "date", spans["median"].dt.normalize().to_numpy())
    scored.insert(4, "months", [months_between(started, as_date(d)) for d in scored["date"]])
    return scored


def latest_answers(survey: pd.DataFrame) -> pd.DataFrame:
    """Each respondent once, with their latest answer: segments count people, not answers
    (ten people answering three waves are ten, not thirty; see :data:`SEGMENT_TEST`)."""
    if "respondent_id" not in survey.columns or survey.empty:
        return survey
    ordered = survey.sort_values("submitted_at", kind="stable")
    return ordered.drop_duplicates("respondent_id", keep="last").sort_index()


def segment_scores(survey: pd.DataFrame) -> pd.DataFrame:
    """One row per segment (answers without one grouped as :data:`NO_SEGMENT`), by share."""
    labelled = survey.assign(segment=_segment_labels(survey))
    scored = _scores_by(labelled, "segment")
    scored["eligible"] = (scored["n"] >= rules.MIN_SEGMENT_ANSWERS.value) & (
        scored["segment"] != rules.NO_SEGMENT
    )
    order = scored.assign(_share=scored["share"].fillna(-1.0)).sort_values(
        ["_share", "n", "segment"], ascending=[False, False, True], kind="stable"
    )
    return order.drop(columns="_share").reset_index(drop=True)


def _segment_labels(survey: pd.DataFrame) -> pd.Series:
    """Segment names, with :data:`NO_SEGMENT` for missing or blank ones."""
    labels = _map_distinct(survey["segment"], lambda v: str(v).strip() or None)
    return labels.fillna(rules.NO_SEGMENT).astype(str)


def best_segment(segments: pd.DataFrame) -> str | None:
    """The segment with the highest share among those with enough answers (ties: more answers,
    then name); None when no named segment has :data:`MIN_SEGMENT_ANSWERS` answers."""
    eligible = segments[segments["eligible"] & segments["share"].notna()]
    return None if eligible.empty else str(eligible.iloc[0]["segment"])


# --------------------------------------------------------------------------------------------
# What fans value and what holds others back
# --------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def normalize_phrase(text: Any) -> str | None:
    """Lower-case words of a free-text answer joined by single spaces; None when it has none."""
    if not isinstance(text, str):
        return None
    words = _WORD.findall(text.lower().replace("’", "'"))
    return " ".join(words) or None


def phrases_of(answer: str) -> frozenset[str]:
    """The phrases of one normalised answer (see :data:`PHRASE_WORDS`, :data:`PHRASE_EDGES`).

    The whole answer when it has at most :data:`SHORT_ANSWER_WORDS` words (and one word that
    is not filler), plus every run of words within :data:`PHRASE_WORDS` that neither starts
    nor ends with a filler word, does not end with a qualifier (not, without, less…) and does
    not start right after one. Single words are never cut out of a longer answer.
    """
    words = answer.split()
    found = set()
    if len(words) <= rules.SHORT_ANSWER_WORDS.value and set(words) - rules.FILLER_WORDS:
        found.add(answer)
    shortest, longest = rules.PHRASE_WORDS.value
    for size in range(shortest, min(longest, len(words)) + 1):
        for first in range(len(words) - size + 1):
            run = words[first : first + size]
            if run[0] in rules.FILLER_WORDS or run[-1] in rules.STOP_WORDS | rules.QUALIFIERS:
                continue
            if first > 0 and words[first - 1] in rules.QUALIFIERS:
                continue
            found.add(" ".join(run))
    return frozenset(found)


def _sub_runs(phrase: str) -> Iterable[str]:
    """Every shorter run of consecutive words inside ``phrase``."""
    words = phrase.split()
    for size in range(1, len(words)):
        for first in range(len(words) - size + 1):
            yield " ".join(words[first : first + size])


def count_phrases(texts: Iterable[Any], top: int | None = None) -> pd.DataFrame:
    """The most common phrases of some answers: columns ``term``, ``mentions``, ``share``.

    Each answer counts a phrase once (see :func:`phrases_of`); ``share`` is over the answers
    that had any text. A phrase that never appears outside one longer phrase (as many mentions)
    is left out in favour of the longer one. Ordered by mentions, then longer phrases, then
    alphabetically; at most ``top`` rows (default :data:`TOP_PHRASES`).
    """
    normalised = _map_distinct(_as_series(texts), normalize_phrase).dropna()
    counts: dict[str, int] = {}
    for answer, times in normalised.value_counts().items():
        for phrase in phrases_of(str(answer)):
            counts[phrase] = counts.get(phrase, 0) + int(times)
    inside = {
        sub for phrase, c in counts.items() for sub in _sub_runs(phrase) if counts.get(sub) == c
    }
    kept = [(phrase, c) for phrase, c in counts.items() if phrase not in inside]
    kept.sort(key=lambda item: (-item[1], -len(item[0].split()), item[0]))
    kept = kept[: rules.TOP_PHRASES.value if top is None else top]
    return pd.DataFrame(
        {
            "term": pd.Series([phrase for phrase, _ in kept], dtype=str),
            "mentions": pd.Series([c for _, c in kept], dtype="int64"),
            "share": pd.Series([safe_ratio(c, len(normalised)) for _, c in kept], dtype=float),
        }
    )


def short_quotes(
    texts: Iterable[Any], phrases: Iterable[str], limit: int | None = None
) -> tuple[str, ...]:
    """Verbatim answers that show the phrases in context: for each phrase in order, the most
    common answer of at most :data:`QUOTE_MAX_CHARACTERS` characters that uses it and says more
    than the phrase alone (else the phrase as an answer; ties: shorter, then alphabetical),
    never the same answer twice, at most ``limit`` (default :data:`QUOTES`). Answers are
    trimmed and their runs of white space made single; nothing is escaped here (see
    :func:`workbook.format.escape`)."""
    limit = rules.QUOTES.value if limit is None else limit
    verbatim = _map_distinct(
        _as_series(texts), lambda t: " ".join(t.split()) if isinstance(t, str) else ""
    ).fillna("")
    verbatim = verbatim[(verbatim != "") & (verbatim.str.len() <= rules.QUOTE_MAX_CHARACTERS.value)]
    counts = verbatim.value_counts()
    candidates = sorted(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))
    phrases_by_text = {text: phrases_of(normalize_phrase(text) or "") for text, _ in candidates}
    quotes: list[str] = []
    quoted: set[str] = set()
    for phrase in phrases:
        using = [
            text
            for text, _ in candidates
            if phrase in phrases_by_text[text] and normalize_phrase(text) not in quoted
        ]
        # An answer that says more than the phrase shows its context; else the phrase itself.
        fuller = [text for text in using if normalize_phrase(text) != phrase]
        if fuller or using:
            text = (fuller or using)[0]
            quotes.append(text)
            quoted.add(normalize_phrase(text))
        if len(quotes) >= limit:
            break
    return tuple(quotes)


def shares_a_phrase(texts: pd.Series, phrases: Iterable[str]) -> pd.Series:
    """True for each answer that shares a phrase with one of ``phrases`` (the phrases of a
    phrase included: "bank sync" matches a fan's "fast bank sync")."""
    wanted = set().union(*(phrases_of(phrase) for phrase in phrases))
    if not wanted:
        return pd.Series(False, index=texts.index, dtype=bool)

    def matches(text: Any) -> bool:
        normalised = normalize_phrase(text)
        return normalised is not None and not wanted.isdisjoint(phrases_of(normalised))

    return _map_distinct(texts, matches).fillna(False).astype(bool)


@dataclass(frozen=True)
class SegmentAnalysis:
    """Superhuman-style reading of the survey.

    ``segment`` is the segment with the highest share among those with enough answers (None
    when none qualifies, and then ``fans`` are all *very disappointed* respondents). Benefit
    phrases and quotes come from the fans' ``main_benefit``; improvement phrases and quotes
    come from the *somewhat disappointed* respondents (any segment) whose ``main_benefit``
    shares a phrase with one of the fans' top :data:`FAN_BENEFIT_PHRASES` phrases
    (``matching_phrases``).
    """

    segment: str | None
    segment_score: SeanEllisScore | None
    overall: SeanEllisScore
    fans: int
    fans_with_benefit: int
    benefit_phrases: pd.DataFrame
    benefit_quotes: tuple[str, ...]
    matching_phrases: tuple[str, ...]
    held_back: int
    held_back_with_improvement: int
    improvement_phrases: pd.DataFrame
    improvement_quotes: tuple[str, ...]

    evidence: Evidence | None = None

    @property
    def lifted(self) -> bool:
        """True when the best segment's share beats the overall share by at least
        :data:`SEGMENT_LIFT` (the size of the difference, before any test)."""
        if self.segment_score is None or self.segment_score.share is None:
            return False
        overall = self.overall.share
        return (
            overall is not None and self.segment_score.share - overall >= rules.SEGMENT_LIFT.value
        )

    @property
    def stands_out(self) -> bool:
        """True when the best segment is lifted (:data:`SEGMENT_LIFT`) and the two-proportion
        test against everyone else, Holm-corrected across segments, says so
        (:data:`SEGMENT_TEST`)."""
        return self.lifted and self.evidence is not None and self.evidence.sufficient


def segment_evidence(segments: pd.DataFrame, chosen: str | None) -> Evidence | None:
    """The evidence that ``chosen`` stands out (:data:`SEGMENT_TEST`): each eligible segment's
    share is tested against everyone else's (distinct respondents, two-proportion test) and the
    p-values are Holm-corrected; None without a chosen segment."""
    if chosen is None:
        return None
    eligible = segments[segments["eligible"]].reset_index(drop=True)
    total_n, total_very = int(segments["n"].sum()), int(segments["very"].sum())
    p_values = [
        two_proportion_p(
            int(row.very), int(row.n), total_very - int(row.very), total_n - int(row.n)
        )
        for row in eligible.itertuples()
    ]
    rejected = holm(p_values, rules.SEGMENT_TEST.level)
    index = int(eligible.index[eligible["segment"] == chosen][0])
    row = eligible.iloc[index]
    rest_n = total_n - int(row["n"])
    higher = rest_n > 0 and row["very"] / row["n"] > (total_very - row["very"]) / rest_n
    return rules.SEGMENT_TEST.judge(
        int(row["n"]),
        decided=bool(rejected[index] and higher),
        p_value=p_values[index],
        interval=(float(row["ci_low"]), float(row["ci_high"])),
        unit="respondents",
    )


def analyse_segments(survey: pd.DataFrame, segments: pd.DataFrame) -> SegmentAnalysis:
    """Find the segment that loves the product, what its fans value and what holds others back.

    ``survey`` holds each respondent once (:func:`latest_answers`); ``segments`` its
    :func:`segment_scores`."""
    labels = _segment_labels(survey)
    chosen = best_segment(segments)
    fans_mask = survey["answer"].eq("very")
    segment_score = None
    if chosen is not None:
        fans_mask &= labels.eq(chosen)
        segment_score = sean_ellis(survey.loc[labels.eq(chosen), "answer"])
    fan_benefits = survey.loc[fans_mask, "main_benefit"]
    benefit_phrases = count_phrases(fan_benefits)
    matching = tuple(benefit_phrases["term"].head(rules.FAN_BENEFIT_PHRASES.value))

    somewhat = survey[survey["answer"].eq("somewhat")]
    same_benefit = shares_a_phrase(somewhat["main_benefit"], matching)
    held_back = somewhat.loc[same_benefit, "improvement"]
    improvement_phrases = count_phrases(held_back)
    return SegmentAnalysis(
        segment=chosen,
        segment_score=segment_score,
        overall=sean_ellis(survey["answer"]),
        fans=int(fans_mask.sum()),
        fans_with_benefit=int(_map_distinct(fan_benefits, normalize_phrase).notna().sum()),
        benefit_phrases=benefit_phrases,
        benefit_quotes=short_quotes(fan_benefits, benefit_phrases["term"]),
        matching_phrases=matching,
        held_back=int(same_benefit.sum()),
        held_back_with_improvement=int(_map_distinct(held_back, normalize_phrase).notna().sum()),
        improvement_phrases=improvement_phrases,
        improvement_quotes=short_quotes(held_back, improvement_phrases["term"]),
        evidence=segment_evidence(segments, chosen),
    )


# --------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------


def min_retention_periods() -> int:
    """Periods the average curve needs to be judged: period 0, plus the window's
    :data:`FLAT_PERIODS` periods measured from one point before them (their
    :data:`FLAT_PERIODS` + 1 points all after period 0)."""
    return rules.FLAT_PERIODS.value + 2


@dataclass(frozen=True)
class RetentionShape:
    """How the end of an average retention curve behaves, with the numbers behind the verdict.

    ``change_per_period`` is the least-squares slope of the last :data:`FLAT_PERIODS` + 1
    points (negative: users lost per period); ``last`` the curve's last value.
    """

    verdict: RetentionShapeWord
    change_per_period: float | None
    last: float | None
    periods: int

    @property
    def flattening(self) -> bool | None:
        """True when the curve flattens or turns up above the floor; None when there are too few
        periods. A curve that flattens low is not counted as flattening."""
        if self.verdict == "not enough periods":
            return None
        return self.verdict in ("flattens", "turns up")

    @property
    def turns_up(self) -> bool:
        """True when the curve's end rises (a "smile": possibly a network effect)."""
        return self.verdict == "turns up"

    @property
    def weak(self) -> bool:
        """True when the curve shows no real retention: it keeps falling, falls to zero or
        levels off below :data:`RETENTION_FLOOR`."""
        return self.verdict in ("keeps falling", "falls to zero", "flattens low")


def retention_shape(average: pd.Series) -> RetentionShape:
    """Judge an average retention curve (index: period, values: share retained).

    The end of the curve is the last :data:`FLAT_PERIODS` periods (their
    :data:`FLAT_PERIODS` + 1 points); its change per period is their least-squares slope,
    which one noisy point moves less than a difference of the two ends would.

    * ``not enough periods``: fewer than :func:`min_retention_periods` periods;
    * ``falls to zero``: the last value is 0;
    * ``flattens low``: the end levels off or rises (it loses less than
      :data:`FLAT_MAX_LOSS_PER_PERIOD` per period) but its last value is below
      :data:`RETENTION_FLOOR`: flattening at a level that is no real retention;
    * ``turns up``: the end gains at least :data:`TURN_UP_MIN_GAIN_PER_PERIOD` per period
      (a "smile", possibly a network effect);
    * ``flattens``: the end loses less than :data:`FLAT_MAX_LOSS_PER_PERIOD` per period;
    * ``keeps falling`` otherwise.
    """
    curve = average.dropna().sort_index()
    if len(curve) < min_retention_periods():
        return RetentionShape("not enough periods", None, None, len(curve))
    window = curve.iloc[-(rules.FLAT_PERIODS.value + 1) :]
    periods = window.index.to_numpy(dtype=float)
    _, slopes = weighted_trend(periods, window.to_numpy(dtype=float), np.ones(len(window)))
    change = float(slopes[0])
    last = float(curve.iloc[-1])
    levels_off = change > -rules.FLAT_MAX_LOSS_PER_PERIOD.value
    verdict: RetentionShapeWord
    if last <= 0:
        verdict = "falls to zero"
    elif levels_off and last < rules.RETENTION_FLOOR.value:
        verdict = "flattens low"
    elif change >= rules.TURN_UP_MIN_GAIN_PER_PERIOD.value:
        verdict = "turns up"
    elif levels_off:
        verdict = "flattens"
    else:
        verdict = "keeps falling"
    return RetentionShape(verdict, change, last, len(curve))


@dataclass(frozen=True)
class RetentionAnalysis:
    """Retention per cohort and on average.

    ``curves``: cohort, period, size, active_users, retention (one row per cohort and period).
    ``average`` (see :data:`RETENTION_AVERAGE`): period, cohorts (those that reached the period
    and the one before), users (their summed cohort sizes), active_before (their users active
    the period before), active_users (active in the period), step (active_users /
    active_before) and retention (the steps chained from 1 at period 0), for the periods whose
    step at least :data:`MIN_COHORTS_PER_PERIOD` cohorts reached (all cohorts when there are
    fewer); the average stops at the first period with fewer (``thin_periods`` counts those
    left out).
    """

    curves: pd.DataFrame
    average: pd.DataFrame
    shape: RetentionShape
    empty_cohorts: int
    thin_periods: int
    min_cohorts: int
    censored_cells: int = 0
    oversized_cohorts: tuple[str, ...] = ()
    users: int = 0


def analyse_retention(retention: pd.DataFrame, as_of: date | None = None) -> RetentionAnalysis:
    """Curves per cohort (active / cohort size) and their chained average (see
    :class:`RetentionAnalysis`).

    Periods not ended by ``as_of`` are censored, not read as zero (:data:`RETENTION_WINDOW`;
    counted in ``censored_cells``). Cohorts of size 0 have no defined curve and are left out
    (counted in ``empty_cohorts``); so are cohorts that report more active users than their
    size in some period (named in ``oversized_cohorts``: the data contradicts itself). Each
    period's step compares the same cohorts in the period and the one before, so the average
    only falls or rises where the cohorts themselves do, whatever their sizes and ages.
    """
    censored = 0
    if as_of is not None and len(retention):
        observed = np.array(
            [
                period_end((cohort + pd.DateOffset(months=int(period))).date(), "month") <= as_of
                for cohort, period in retention[["cohort", "period"]].itertuples(index=False)
            ],
            dtype=bool,
        )
        censored = int((~observed).sum())
        retention = retention[observed]
    sizes = retention.loc[retention["period"] == 0, ["cohort", "active_users"]].rename(
        columns={"active_users": "size"}
    )
    curves = retention.merge(sizes, on="cohort", how="inner")
    empty = int((sizes["size"] == 0).sum())
    over = curves.loc[curves["active_users"] > curves["size"], "cohort"].unique()
    oversized = tuple(pd.Timestamp(c).strftime("%Y-%m") for c in sorted(over))
    curves = curves[(curves["size"] > 0) & ~curves["cohort"].isin(over)]
    curves = curves.sort_values(["cohort", "period"]).reset_index(drop=True)
    curves["retention"] = curves["active_users"] / curves["size"]
    columns = ["cohort", "period", "size", "active_users", "retention"]
    min_cohorts = min(rules.MIN_COHORTS_PER_PERIOD.value, curves["cohort"].nunique())
    average, thin = chained_average(curves, max(min_cohorts, 1))
    shape = retention_shape(average.set_index("period")["retention"])
    users = int(curves.drop_duplicates("cohort")["size"].sum()) if len(curves) else 0
    return RetentionAnalysis(
        curves[columns], average, shape, empty, thin, min_cohorts, censored, oversized, users
    )


def chained_average(curves: pd.DataFrame, min_cohorts: int) -> tuple[pd.DataFrame, int]:
    """The chained average of cohort curves (see :class:`RetentionAnalysis`) and the number of
    periods left out because fewer than ``min_cohorts`` cohorts, or cohorts of fewer than
    :data:`RETENTION_STEP_USERS` users, reached their step."""
    names = ["period", "cohorts", "users", "active_before", "active_users", "step", "retention"]
    if curves.empty:
        return pd.DataFrame(columns=names), 0
    # cohorts × periods: the users active (summed over repeated rows) and whether a row exists
    codes, cohorts = pd.factorize(curves["cohort"], sort=True)
    periods = curves["period"].to_numpy(dtype="int64")
    last_period = int(periods.max())
    active = np.zeros((len(cohorts), last_period + 1))
    reached = np.zeros(active.shape, dtype=bool)
    np.add.at(active, (codes, periods), curves["active_users"].to_numpy(dtype=float))
    reached[codes, periods] = True
    size = np.zeros(len(cohorts))
    size[codes] = curves["size"].to_numpy(dtype=float)  # one size per cohort
    users = int(size.sum())  # every cohort kept has period 0 (its size comes from it)
    rows = [(0, len(cohorts), users, users, users, 1.0, 1.0)]
    level = 1.0
    for period in range(1, last_period + 1):
        both = reached[:, period - 1] & reached[:, period]
        count = int(both.sum())
        if count < min_cohorts or size[both].sum() < rules.RETENTION_STEP_USERS.value:
            break
        before = int(active[both, period - 1].sum())
        after = int(active[both, period].sum())
        step = after / before if before > 0 else 0.0
        level *= step
        rows.append((period, count, int(size[both].sum()), before, after, step, level))
    return pd.DataFrame(rows, columns=names), last_period + 1 - len(rows)


# --------------------------------------------------------------------------------------------
# Trajectory: trend, projection and its bootstrap range
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """A straight-line trend of the share: ``share ≈ intercept + slope × months since start``.

    ``p_value`` is the Cochran–Armitage test for trend over the waves it rests on (see
    :data:`TREND_TEST`) and ``recent_slope`` the slope over the latest
    :data:`RECENT_TREND_WAVES` of them (None when not computed).
    """

    intercept: float
    slope: float
    p_value: float | None = None
    recent_slope: float | None = None

    @property
    def rising(self) -> bool:
        """True when the share grows faster than :data:`FLAT_TREND_SLOPE` per month."""
        return self.slope > rules.FLAT_TREND_SLOPE.value

    @property
    def rise_shown(self) -> bool:
        """True when a test says the share rises (:data:`TREND_TEST`) and the recent waves have
        not stalled: the only trend that can put a company on track."""
        level = rules.TREND_TEST.level
        overall = self.rising and self.p_value is not None and self.p_value <= level
        return overall and not self.stalled

    @property
    def stalled(self) -> bool:
        """True when the line rises but its latest :data:`RECENT_TREND_WAVES` waves, on their own,
        are flat or falling: the earlier pace is no longer the current one."""
        return (
            self.rising
            and self.recent_slope is not None
            and self.recent_slope <= rules.FLAT_TREND_SLOPE.value
        )

    @property
    def per_year(self) -> float:
        """The slope as a share change per year (0.095: 9.5 percentage points a year)."""
        return self.slope * 12

    def share_at(self, months: float) -> float:
        """The trend's share at ``months`` after the start."""
        return self.intercept + self.slope * months


def per_year_text(trend: Trend) -> str:
    """The trend's pace in words ("+9.5 percentage points a year")."""
    return f"{fmt.signed_points(trend.per_year)} a year"


def weighted_trend(
    months: np.ndarray, shares: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted least squares intercepts and slopes, one per row of ``shares``.

    ``months`` and ``weights`` have one value per wave; ``shares`` is (waves,) or
    (resamples, waves). Returns NaN when the months do not vary.
    """
    x = np.asarray(months, dtype=float)
    w = np.asarray(weights, dtype=float)
    y = np.atleast_2d(np.asarray(shares, dtype=float))
    total = w.sum()
    x_mean = (w @ x) / total
    y_mean = (y @ w) / total
    spread = w @ (x - x_mean) ** 2
    if spread <= 0:
        nan = np.full(y.shape[0], np.nan)
        return nan, nan
    slopes = ((y - y_mean[:, None]) @ (w * (x - x_mean))) / spread
    return y_mean - slopes * x_mean, slopes


def trend_p_value(months: Sequence[float], very: Sequence[int], answers: Sequence[int]) -> float:
    """Two-sided p-value of the Cochran–Armitage test for trend in proportions.

    The waves' shares are regressed on their months with each wave weighted by its answers and
    the binomial variance of the pooled share: under a flat share the slope divided by its
    standard error is standard normal. Unlike a least-squares t-test it is defined for two
    waves. Returns 1.0 when nothing varies (all shares 0 or 1, or a single month).
    """
    from scipy.stats import norm

    x = np.asarray(months, dtype=float)
    n = np.asarray(answers, dtype=float)
    k = np.asarray(very, dtype=float)
    total = n.sum()
    if total <= 0:
        return 1.0
    pooled = k.sum() / total
    x_mean = (n @ x) / total
    spread = n @ (x - x_mean) ** 2
    variance = pooled * (1 - pooled)
    if spread <= 0 or variance <= 0:
        return 1.0
    statistic = (k @ (x - x_mean)) / math.sqrt(variance * spread)
    return float(2 * norm.sf(abs(statistic)))


def confirmation_share(answers: int) -> float:
    """The lowest share at which a wave of ``answers`` answers confirms fit: its Wilson lower
    bound (at :data:`CONFIRMED_FIT`) equals :data:`FIT_THRESHOLD` (see
    :data:`PROJECTION_TARGET`). Always above the bar; 1.0 when no share can confirm."""
    from scipy.optimize import brentq

    bar = rules.FIT_THRESHOLD.value
    z = normal_quantile(0.5 + rules.CONFIRMED_FIT.value / 2)

    def lower_minus_bar(share: float) -> float:
        centre = share + z * z / (2 * answers)
        half = z * math.sqrt(share * (1 - share) / answers + z * z / (4 * answers * answers))
        return (centre - half) / (1 + z * z / answers) - bar

    if answers <= 0 or lower_minus_bar(1.0) < 0:
        return 1.0
    return float(brentq(lower_minus_bar, bar, 1.0, xtol=1e-9))


def crossing_months(
    intercepts: np.ndarray, slopes: np.ndarray, target: float | None = None
) -> np.ndarray:
    """Months since start at which each trend reaches ``target`` (default
    :data:`FIT_THRESHOLD`; a projection passes :func:`confirmation_share`).

    Flat or falling trends (slope ≤ :data:`FLAT_TREND_SLOPE`) and crossings beyond
    :data:`PROJECTION_HORIZON_MONTHS` give ``inf`` (no crossing in sight).
    """
    intercepts = np.asarray(intercepts, dtype=float)
    slopes = np.asarray(slopes, dtype=float)
    goal = rules.FIT_THRESHOLD.value if target is None else target
    rising = slopes > rules.FLAT_TREND_SLOPE.value
    months = np.full(slopes.shape, np.inf)
    months[rising] = (goal - intercepts[rising]) / slopes[rising]
    months[months > rules.PROJECTION_HORIZON_MONTHS.value] = np.inf
    return months


def bootstrap_crossings(
    months: Sequence[float],
    very: Sequence[int],
    answers: Sequence[int],
    *,
    draws: int | None = None,
    seed: int | None = None,
    target: float | None = None,
) -> np.ndarray:
    """Crossing months of the trend refitted on draws of every wave's share from its posterior.

    Each draw takes every wave's share from Beta(very + prior, answers − very + prior), the
    :data:`PROJECTION_PRIOR` being Jeffreys' ½: a wave at 0% or 100% still varies, so the
    range never collapses to a point. The weights stay the waves' answers, and the trend is
    refitted for all draws at once. Every wave needs at least one answer. ``draws`` and
    ``seed`` default to :data:`PROJECTION_DRAWS` and :data:`PROJECTION_SEED`.
    """
    n = np.asarray(answers, dtype=np.int64)
    k = np.asarray(very, dtype=np.int64)
    if (n <= 0).any() or (k < 0).any() or (k > n).any():
        raise ValueError("each wave needs 0 ≤ very ≤ answers and at least one answer")
    rng = np.random.default_rng(rules.PROJECTION_SEED.value if seed is None else seed)
    size = (rules.PROJECTION_DRAWS.value if draws is None else draws, n.size)
    prior = rules.PROJECTION_PRIOR.value
    shares = rng.beta(k + prior, n - k + prior, size=size)
    intercepts, slopes = weighted_trend(np.asarray(months, dtype=float), shares, n)
    return crossing_months(intercepts, slopes, target)


@dataclass(frozen=True)
class Projection:
    """When the trend reaches :data:`FIT_THRESHOLD`; ``month`` None means no crossing in sight.

    ``low_month``/``high_month`` bound the central 95% of the drawn crossings (None for an end
    beyond :data:`PROJECTION_HORIZON_MONTHS`, i.e. in some draws the share never gets there).
    No month lies before the latest wave (:data:`EARLIEST_PROJECTION`). ``reason`` says in
    plain words what was projected, or why nothing was.
    """

    month: float | None
    date: date | None
    low_month: float | None
    high_month: float | None
    low_date: date | None
    high_date: date | None
    reason: str
    doubt: str = ""
    target: float | None = None

    @property
    def firm(self) -> bool:
        """True when the projection can put a company on track: a crossing in sight, a range
        that ends within the horizon, and no doubt raised by the evidence (``doubt``)."""
        return self.date is not None and self.high_date is not None and not self.doubt


@dataclass(frozen=True)
class Trajectory:
    """The share per wave (see :func:`wave_scores`), how the waves were formed (``grouping``:
    waves, months or quarters; see :mod:`workbook.waves`), the trend over the waves with enough
    answers and (when fit is neither confirmed nor provisional) the projected crossing."""

    started: date
    waves: pd.DataFrame
    trend: Trend | None
    projection: Projection | None
    grouping: Grouping = "waves"

    @property
    def scored_waves(self) -> pd.DataFrame:
        """Waves with at least one answer other than N/A."""
        return self.waves[self.waves["n"] > 0]

    @property
    def trend_waves(self) -> pd.DataFrame:
        """Waves with enough answers to steer the trend (:data:`MIN_ANSWERS`)."""
        return trend_waves(self.waves)

    @property
    def left_out(self) -> tuple[int, ...]:
        """Numbers of the waves with answers that are too few to steer the trend."""
        return left_out_waves(self.waves)

    def trend_frame(self) -> pd.DataFrame:
        """The trend line's two ends (``date``, ``share``): from the first wave it rests on to
        the later of the last wave and the projected crossing; empty when there is no trend."""
        used = self.trend_waves
        if self.trend is None or used.empty:
            return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "share": []})
        months = [float(used["months"].iloc[0]), float(self.scored_waves["months"].iloc[-1])]
        if self.projection is not None and self.projection.month is not None:
            months[1] = max(months[1], self.projection.month)
        return pd.DataFrame(
            {
                "date": pd.to_datetime([date_at_month(self.started, m) for m in months]),
                "share": [self.trend.share_at(m) for m in months],
            }
        )


def trend_waves(waves: pd.DataFrame) -> pd.DataFrame:
    """The waves that steer the trend: those with at least :data:`MIN_ANSWERS` answers."""
    return waves[waves["n"] >= rules.MIN_ANSWERS.value]


def left_out_waves(waves: pd.DataFrame) -> tuple[int, ...]:
    """Numbers of the waves with answers but fewer than :data:`MIN_ANSWERS` of them."""
    small = waves[(waves["n"] > 0) & (waves["n"] < rules.MIN_ANSWERS.value)]
    return tuple(int(w) for w in small["wave"])


def left_out_text(waves: pd.DataFrame) -> str:
    """Which waves were left out of the trend and why, as a sentence ("" when none was)."""
    small = left_out_waves(waves)
    if not small:
        return ""
    named = _and_list([str(w) for w in small])
    return (
        f"{'Waves' if len(small) > 1 else 'Wave'} {named} "
        f"{'have' if len(small) > 1 else 'has'} fewer than {rules.MIN_ANSWERS.value} answers: "
        "shown, but left out of the trend."
    )


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def fit_trend(waves: pd.DataFrame) -> tuple[Trend | None, str]:
    """The trend (see :data:`TREND_MODEL`) over the waves with enough answers, or None and why
    there is none."""
    used = trend_waves(waves)
    if len(used) < rules.MIN_TREND_WAVES.value:
        return None, (
            f"a trend needs at least {rules.MIN_TREND_WAVES.value} waves with "
            f"{rules.MIN_ANSWERS.value} or more answers (there are {len(used)})."
        )
    answers = used["n"].to_numpy(dtype=np.int64)
    intercepts, slopes = weighted_trend(
        used["months"].to_numpy(dtype=float), used["very"].to_numpy(dtype=float) / answers, answers
    )
    if np.isnan(slopes[0]):
        return None, "all waves with enough answers fall on the same day, so there is no trend."
    months = used["months"].to_numpy(dtype=float)
    very = used["very"].to_numpy(dtype=np.int64)
    recent = slice(-rules.RECENT_TREND_WAVES.value, None)
    _, recent_slopes = weighted_trend(
        months[recent], very[recent] / answers[recent], answers[recent]
    )
    recent_slope = None if np.isnan(recent_slopes[0]) else float(recent_slopes[0])
    return Trend(
        float(intercepts[0]),
        float(slopes[0]),
        trend_p_value(months, very, answers),
        recent_slope,
    ), ""


def _no_projection(reason: str) -> Projection:
    return Projection(None, None, None, None, None, None, reason)


def _with_note(text: str, note: str) -> str:
    return f"{text} {note}" if note else text


def project_fit(
    waves: pd.DataFrame, started: date, as_of: date | None = None
) -> tuple[Trend | None, Projection]:
    """Fit the trend and project when it reaches the share that would confirm fit
    (:data:`PROJECTION_TARGET`), never before ``as_of`` or the latest wave
    (:data:`EARLIEST_PROJECTION`).

    The projection carries a ``doubt`` (it cannot put a company on track) when the rise is not
    shown by test (:data:`TREND_TEST`), has stalled over the recent waves
    (:data:`RECENT_TREND_WAVES`), or the latest reliable wave fell back below the bar after
    one at or above it.
    """
    note = left_out_text(waves)
    trend, why = fit_trend(waves)
    if trend is None:
        return None, _no_projection(_with_note(f"No projection: {why}", note))
    per_year = per_year_text(trend)
    bar = fmt.share(rules.FIT_THRESHOLD.value)
    if not trend.rising:
        flat = fmt.number(rules.FLAT_TREND_SLOPE.value * rules.FLAT_TREND_SLOPE.scale)
        return trend, _no_projection(
            _with_note(
                f"No projection: the trend is flat or falling ({per_year}; at most {flat} counts "
                f"as flat), so at this pace the share does not reach {bar}.",
                note,
            )
        )
    used = trend_waves(waves)
    months = used["months"].to_numpy(dtype=float)
    answers = used["n"].to_numpy(dtype=np.int64)
    very = used["very"].to_numpy(dtype=np.int64)
    usual = int(np.median(answers))
    target = confirmation_share(usual)
    goal = f"{fmt.share(target, 1)} (where a wave of {usual} answers would confirm fit)"
    latest = float(waves.loc[waves["n"] > 0, "months"].max())
    earliest = latest if as_of is None else max(latest, months_between(started, as_of))
    crossing = float(
        crossing_months(np.array([trend.intercept]), np.array([trend.slope]), target)[0]
    )
    point = max(crossing, earliest)
    spread = np.maximum(bootstrap_crossings(months, very, answers, target=target), earliest)
    low, high = (
        float(v) for v in np.quantile(spread, rules.PROJECTION_RANGE.value, method="inverted_cdf")
    )
    low_month, high_month = (None if math.isinf(v) else v for v in (low, high))
    doubt = trend_doubt(trend, used)
    if math.isinf(point):
        reason = (
            f"No projection within {rules.PROJECTION_HORIZON_MONTHS.value} months of the start: "
            f"the share rises too slowly ({per_year}) to reach {goal}."
        )
        return trend, Projection(
            None,
            None,
            low_month,
            None,
            _maybe_date(started, low_month),
            None,
            _with_note(_with_note(reason, doubt), note),
            doubt,
            target,
        )
    if crossing < earliest:
        when = (
            f"The line reaches {goal} before the as-of date or the latest wave (month "
            f"{fmt.number(earliest)}), whose own share is still below it, so fit is projected "
            f"no earlier than that ({rules.EARLIEST_PROJECTION.text}): the next wave will tell."
        )
    else:
        when = (
            f"At the current pace ({per_year}) the share reaches {goal} about "
            f"{fmt.number(point)} months after the start."
        )
    draws = f"{fmt.share(projection_coverage())} of {rules.PROJECTION_DRAWS.value:,} draws"
    if high_month is not None and high_month <= earliest:
        spread_text = f"{draws} of the waves' shares get there by month {fmt.number(earliest)}."
    else:
        spread_text = (
            f"{draws} of the waves' shares get there between {_month_text(low_month)} and "
            f"{_month_text(high_month)}."
        )
    reason = _with_note(f"{when} {spread_text}", doubt)
    return trend, Projection(
        point,
        date_at_month(started, point),
        low_month,
        high_month,
        _maybe_date(started, low_month),
        _maybe_date(started, high_month),
        _with_note(reason, note),
        doubt,
        target,
    )


def p_text(value: float | None) -> str:
    """A p-value as people read it ("0.31", "< 0.001")."""
    if value is None:
        return fmt.NOT_DEFINED
    return "< 0.001" if value < 0.001 else f"{value:.3f}".rstrip("0").rstrip(".")


def trend_doubt(trend: Trend, used: pd.DataFrame) -> str:
    """Why a rising trend cannot put a company on track, in plain words ("" when it can)."""
    level = fmt.share(rules.TREND_TEST.level)
    bar = rules.FIT_THRESHOLD.value
    shares = used["share"].to_numpy(dtype=float)
    if shares[-1] < bar and (shares[:-1] >= bar).any():
        return (
            f"But the latest wave with enough answers ({fmt.share(shares[-1], 1)}) fell back "
            f"below {fmt.share(bar)} after an earlier one at or above it, so the line's pace "
            "is not what the waves show now."
        )
    if trend.p_value is None or trend.p_value > rules.TREND_TEST.level:
        return (
            f"But the rise is within noise (p = {p_text(trend.p_value)}, Cochran–Armitage "
            f"test for trend, needed {level} or less): more or larger waves would settle it."
        )
    if trend.stalled:
        recent = rules.RECENT_TREND_WAVES.value
        return (
            f"But the share has stalled: over the latest {min(recent, len(used))} waves with "
            f"enough answers it is flat or falling "
            f"({fmt.signed_points((trend.recent_slope or 0.0) * 12)} a year), so the earlier "
            "pace is not the current one."
        )
    return ""


def projection_coverage() -> float:
    """The share of drawn crossings the projection range covers (0.95)."""
    low, high = rules.PROJECTION_RANGE.value
    return high - low


def _maybe_date(started: date, months: float | None) -> date | None:
    return None if months is None else date_at_month(started, months)


def _month_text(months: float | None) -> str:
    if months is None:
        return f"never within {rules.PROJECTION_HORIZON_MONTHS.value} months"
    return f"month {fmt.number(months)}"


# --------------------------------------------------------------------------------------------
# Fit: confirmed, provisional or none, and its date
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FitFinding:
    """The company's fit read from its waves (see :data:`FIT_EVIDENCE` and :data:`FIT_DATE`).

    ``level`` is ``confirmed``, ``provisional`` or ``none``; ``judged`` is the score of the wave
    fit is judged on (``judged_wave`` its number; None without answers); ``wave`` is the first
    wave that confirmed fit and ``date`` its last day (confirmed fit only).
    """

    level: Fit = "none"
    judged: SeanEllisScore | None = None
    judged_wave: int | None = None
    wave: int | None = None
    date: date | None = None

    @property
    def adequate(self) -> bool:
        """True when the judged wave has enough answers (:data:`MIN_ANSWERS`) to carry a
        status: a provisional fit on fewer never turns the status green."""
        return self.judged is not None and self.judged.n >= rules.MIN_ANSWERS.value

    @property
    def decisive_shortfall(self) -> bool:
        """True when the judged wave's whole interval lies below the bar (:data:`REFUTED_FIT`)."""
        score = self.judged
        return (
            score is not None
            and score.ci_high is not None
            and score.ci_high < rules.FIT_THRESHOLD.value
        )


def _wave_score(row: pd.Series) -> SeanEllisScore:
    return SeanEllisScore.from_counts(
        int(row["very"]), int(row["somewhat"]), int(row["not"]), int(row["na"])
    )


def deciding_waves(waves: pd.DataFrame) -> pd.DataFrame:
    """The waves that can decide fit: those with enough answers (:data:`MIN_ANSWERS`) and those
    whose whole interval lies below the bar, however small (:data:`REFUTED_FIT`)."""
    below = waves["ci_high"].notna() & (waves["ci_high"] < rules.FIT_THRESHOLD.value)
    return waves[(waves["n"] >= rules.MIN_ANSWERS.value) | below]


def judged_wave(waves: pd.DataFrame) -> pd.Series | None:
    """The wave fit is judged on: the latest that can decide it (:func:`deciding_waves`), else
    the latest with any answers."""
    reliable = deciding_waves(waves)
    if not reliable.empty:
        return reliable.iloc[-1]
    scored = waves[waves["n"] > 0]
    return None if scored.empty else scored.iloc[-1]


def confirming_wave(waves: pd.DataFrame) -> pd.Series | None:
    """The first wave that confirms fit (:data:`CONFIRMED_FIT`) within the latest unbroken run of
    waves with enough answers at or above the bar, a run that reaches the latest such wave;
    None when there is no such wave."""
    bar = rules.FIT_THRESHOLD.value
    reliable = deciding_waves(waves)
    if reliable.empty or reliable["share"].iloc[-1] < bar:
        return None
    below = (reliable["share"] < bar).to_numpy()
    run = reliable.iloc[int(np.flatnonzero(below)[-1]) + 1 if below.any() else 0 :]
    confirmed = run[(run["ci_low"] >= bar) & (run["n"] >= rules.MIN_ANSWERS.value)]
    return None if confirmed.empty else confirmed.iloc[0]


def read_fit(waves: pd.DataFrame) -> FitFinding:
    """The company's fit under :data:`FIT_EVIDENCE`, dated under :data:`FIT_DATE`."""
    judged = judged_wave(waves)
    if judged is None:
        return FitFinding()
    score = _wave_score(judged)
    confirming = confirming_wave(waves)
    if confirming is not None:
        return FitFinding(
            "confirmed",
            score,
            int(judged["wave"]),
            int(confirming["wave"]),
            as_date(confirming["end"]),
        )
    level: Fit = "provisional" if score.share >= rules.FIT_THRESHOLD.value else "none"
    return FitFinding(level, score, int(judged["wave"]))


# --------------------------------------------------------------------------------------------
# TTPMF status and marketing buffer
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FitTimeline:
    """TTPMF: the months to fit (actual or projected), the status, and the marketing buffer.

    Status rules, in order: **reached** (fit confirmed; ``fit_date`` under :data:`FIT_DATE`);
    **insufficient data** (no wave with answers); provisional fit is judged on confirming it,
    never on a crossing: **at risk** past the 24-month mark or when the runway left is under
    the marketing buffer, **on track** otherwise; **overdue** (``as_of`` past the 24-month mark
    without fit); **insufficient data** (fewer than :data:`MIN_TREND_WAVES` waves with enough
    answers, no trend); **at risk** (no projected crossing, a crossing after the 24-month mark,
    or after the runway end); **on track** otherwise. The runway counts from ``as_of``; the
    buffer is the runway left, in calendar months, after the later of ``as_of`` and the fit
    date (confirmed fit), the as-of date itself (provisional fit) or the projected date.
    ``reason`` explains the status in plain words.
    """

    started: date
    as_of: date
    runway_months: float | None
    runway_end: date | None
    early_mark: date
    deadline: date
    fit_date: date | None
    projection: Projection | None
    status: TTPMFStatus
    reason: str
    buffer_months: float | None
    fit: Fit = "none"

    @property
    def elapsed_months(self) -> float:
        """Months from the start to ``as_of``."""
        return months_between(self.started, self.as_of)

    @property
    def months_to_fit(self) -> float | None:
        """Months from the start to the fit date, when fit is confirmed."""
        return None if self.fit_date is None else months_between(self.started, self.fit_date)

    @property
    def projected_months_to_fit(self) -> float | None:
        """Months from the start to the projected crossing (None when reached or no crossing)."""
        return None if self.projection is None else self.projection.month

    @property
    def runway_left(self) -> float | None:
        """Calendar months of runway from ``as_of`` (None without a runway)."""
        if self.runway_end is None:
            return None
        return calendar_months_between(self.as_of, self.runway_end)

    @property
    def buffer_flag(self) -> bool | None:
        """True when the marketing buffer is below :data:`MIN_MARKETING_BUFFER_MONTHS`."""
        if self.buffer_months is None:
            return None
        return self.buffer_months < rules.MIN_MARKETING_BUFFER_MONTHS.value

    @property
    def runway_short(self) -> bool:
        """True when the runway leaves less than :data:`MIN_MARKETING_BUFFER_MONTHS` after fit:
        after the actual, provisional or projected fit, or, with no fit date in sight, already
        from the as-of date (the buffer can only be shorter)."""
        left = self.buffer_months if self.buffer_months is not None else self.runway_left
        return left is not None and left < rules.MIN_MARKETING_BUFFER_MONTHS.value

    @property
    def buffer_after(self) -> str:
        """What the buffer counts from, in words."""
        if self.fit == "confirmed":
            return "fit"
        if self.fit == "provisional" or self.buffer_months is None:
            return "the as-of date"
        return "the projected fit"


def judge_timeline(
    started: date,
    as_of: date,
    runway_months: float | None,
    *,
    fit: FitFinding | None = None,
    waves: int,
    trend_waves: int | None = None,
    projection: Projection | None,
    trend: Trend | None = None,
) -> FitTimeline:
    """Apply the TTPMF status rules (see :class:`FitTimeline`) to dated facts.

    ``waves`` counts the waves with answers, ``trend_waves`` those with enough answers to steer
    the trend (default: ``waves``); ``trend`` is the share's trend (a provisional fit on two or
    more such waves is on track only while a test shows the share still rising).
    """
    fit = FitFinding() if fit is None else fit
    if fit.level == "provisional" and not fit.adequate:
        # Above the bar on too few answers: no evidence either way, never a green status.
        fit = FitFinding("none", fit.judged, fit.judged_wave)
    trend_waves = waves if trend_waves is None else trend_waves
    early_mark = add_calendar_months(started, rules.EARLY_FIT_MONTHS.value)
    deadline = add_calendar_months(started, rules.FIT_DEADLINE_MONTHS.value)
    mark = f"{rules.FIT_DEADLINE_MONTHS.value}-month"
    runway_end = None if runway_months is None else add_calendar_months(as_of, runway_months)
    runway_left = None if runway_end is None else calendar_months_between(as_of, runway_end)
    wanted = rules.MIN_MARKETING_BUFFER_MONTHS.value
    projected = projection.date if projection is not None and fit.level == "none" else None
    status: TTPMFStatus
    if fit.level == "confirmed" and fit.date is not None:
        window = "within" if fit.date <= deadline else "after"
        status = "reached"
        reason = (
            f"Fit confirmed by wave {fit.wave}, whose last day ({fmt.day(fit.date)}) is "
            f"{fmt.number(months_between(started, fit.date))} months after the start, {window} "
            f"the {mark} window."
        )
    elif waves == 0:
        status = "insufficient data"
        reason = "No Sean Ellis survey answers yet, so time to fit cannot be judged."
    elif fit.level == "provisional":
        reason = provisional_reason(fit)
        if as_of > deadline:
            status = "at risk"
            reason += f" It is past the {mark} mark ({fmt.day(deadline)}) without confirmed fit."
        elif runway_left is not None and runway_left < wanted:
            status = "at risk"
            reason += (
                f" Even if the next wave confirms it, the runway leaves "
                f"{fmt.number(runway_left)} months, fewer than the {wanted} wanted after fit."
            )
        elif (
            trend is not None
            and trend_waves >= rules.MIN_TREND_WAVES.value
            and not (trend.rise_shown)
        ):
            status = "at risk"
            reason += (
                f" The share is not shown to be still rising towards confirmation: "
                f"{_lower_first(stall_text(trend))}"
            )
        else:
            status = "on track"
            reason += (
                f" The next wave with at least {rules.MIN_ANSWERS.value} answers can confirm it."
            )
    elif as_of > deadline:
        status = "overdue"
        reason = (
            f"{fmt.number(months_between(started, as_of))} months since the start without fit: "
            f"past the {mark} mark ({fmt.day(deadline)})."
        )
    elif (
        trend_waves < rules.MIN_TREND_WAVES.value
        and fit.adequate
        and fit.decisive_shortfall
        and (as_of >= early_mark or (runway_left is not None and runway_left < wanted))
    ):
        status = "at risk"
        score = fit.judged
        reason = (
            f"Wave {fit.judged_wave} ({fmt.share(score.share, 1)} of {score.n} answers, "
            f"{fmt.share(rules.CONFIRMED_FIT.value)} interval "
            f"{fmt.interval(score.ci_low, score.ci_high)}) lies wholly below "
            f"{fmt.share(rules.FIT_THRESHOLD.value)}, {rules.DECISIVE_SHORTFALL.value}: fit is "
            "not near, without waiting for a trend."
        )
    elif trend_waves < rules.MIN_TREND_WAVES.value:
        status = "insufficient data"
        reason = (
            projection.reason
            if projection is not None
            else "Only one survey wave: a second wave is needed to see a trend."
        )
    elif projected is None:
        status = "at risk"
        reason = "The share is not on a path to the fit bar: " + _lower_first(
            projection.reason if projection else "no projection."
        )
    elif projected > deadline:
        status = "at risk"
        reason = (
            f"Projected fit {fmt.day(projected)} (month {fmt.number(projection.month)}) is "
            f"after the {mark} mark ({fmt.day(deadline)})."
        )
    elif runway_end is not None and projected > runway_end:
        status = "at risk"
        reason = (
            f"Projected fit {fmt.day(projected)} is after the runway ends ({fmt.day(runway_end)})."
        )
    elif projection.doubt:
        status = "at risk"
        reason = (
            f"The trend is not evidence of a path to fit. {projection.doubt} "
            f"The line alone would reach {fmt.share(projection.target, 1)} around "
            f"{fmt.day(projected)}."
            if projection.target is not None
            else f"The trend is not evidence of a path to fit. {projection.doubt}"
        )
    elif projection.high_date is None:
        status = "at risk"
        reason = (
            f"Projected fit {fmt.day(projected)} (month {fmt.number(projection.month)}), but "
            f"the late end of its {fmt.share(projection_coverage())} range is beyond "
            f"{rules.PROJECTION_HORIZON_MONTHS.value} months: on the evidence so far, fit may "
            "never come at this pace."
        )
    else:
        status = "on track"
        reason = (
            f"Projected fit {fmt.day(projected)} (month {fmt.number(projection.month)}) is "
            f"within the {mark} window"
            + (" and the runway." if runway_end is not None else " (runway not given).")
        )
        late = projection.high_date
        if late is None or late > deadline or (runway_end is not None and late > runway_end):
            ends = (
                fmt.day(late) if late else f"beyond {rules.PROJECTION_HORIZON_MONTHS.value} months"
            )
            coverage = fmt.share(projection_coverage())
            reason += f" Caution: the late end of its {coverage} range ({ends}) falls outside them."
    reference = {"confirmed": fit.date, "provisional": as_of}.get(fit.level, projected)
    buffer = None
    if runway_end is not None and reference is not None:
        buffer = calendar_months_between(max(reference, as_of), runway_end)
    return FitTimeline(
        started,
        as_of,
        runway_months,
        runway_end,
        early_mark,
        deadline,
        fit.date if fit.level == "confirmed" else None,
        projection if fit.level == "none" else None,
        status,
        reason,
        buffer,
        fit.level,
    )


def stall_text(trend: Trend) -> str:
    """Why a trend does not show the share rising, in one plain sentence."""
    if trend.p_value is None or trend.p_value > rules.TREND_TEST.level or not trend.rising:
        return (
            f"The change across the waves is within noise (p = {p_text(trend.p_value)}, "
            f"Cochran–Armitage test for trend; {fmt.share(rules.TREND_TEST.level)} or less "
            "needed)."
        )
    return (
        f"The share has stalled: over the latest {rules.RECENT_TREND_WAVES.value} waves with "
        f"enough answers it is flat or falling "
        f"({fmt.signed_points((trend.recent_slope or 0.0) * 12)} a year)."
    )


def provisional_reason(fit: FitFinding) -> str:
    """Why a fit is provisional, in plain words (the judged wave's share and what it lacks)."""
    score = fit.judged
    if score is None:
        return "Fit is provisional."
    if score.n < rules.MIN_ANSWERS.value:
        lacks = (
            f"it rests on {score.n} answers, fewer than the {rules.MIN_ANSWERS.value} that can "
            "confirm fit"
        )
    else:
        lacks = (
            f"the lower bound of its {fmt.share(rules.CONFIRMED_FIT.value)} interval "
            f"({fmt.share(score.ci_low, 1)}) is under the bar"
        )
    return (
        f"Fit is provisional: wave {fit.judged_wave} stands at {fmt.share(score.share, 1)} very "
        f"disappointed, at or above {fmt.share(rules.FIT_THRESHOLD.value)}, but {lacks}. Above "
        "the bar, the company is judged on confirming fit, not on a projected crossing."
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --------------------------------------------------------------------------------------------
# The whole assessment
# --------------------------------------------------------------------------------------------


class BelongingReading(Protocol):
    """What this assessment reads from the belonging result (``workbook.belonging``)."""

    @property
    def status(self) -> str: ...  # strong, developing, weak or "not assessed"

    @property
    def recommendations(self) -> Sequence[Recommendation]: ...

    @property
    def level_evidence(self) -> Evidence | None: ...  # the wave behind the level (None: none)


@dataclass(frozen=True, kw_only=True)
class TTPMFResult(AssessmentResult):
    """The TTPMF assessment of one company, built once by :func:`assess`.

    Besides the shared protocol (``status`` from :data:`STATUSES`,
    ``summary``, ``figures``, ``checks``, ``recommendations``, ``missing``), the typed details:
    the ``timeline`` (always), the ``fit`` finding, the survey parts (``overall``,
    ``trajectory``, ``segments``, ``segment_analysis``; None without usable survey answers),
    ``retention`` (None without ``retention.csv``) and ``belonging_level`` (the belonging status
    the advice was checked against; None when it was not needed). ``missing`` says which of the
    two files to add or fix.

    ``figures``: ``waves`` (one dict per wave: wave, start, end, n, share, ci_low, ci_high,
    fit, in_trend), ``grouping`` (waves, months or quarters), ``fit`` (``confirmed`` /
    ``provisional`` / ``none``), ``fit_wave`` and ``fit_date`` (the first wave that confirmed
    fit and its last day), ``months_elapsed``, ``months_to_fit``, ``projected_fit_date``,
    ``projected_fit_range`` ([low, high], an end beyond the horizon as None; None without a
    projected date), ``trend_left_out`` (waves too small to steer the trend),
    ``retention_shape`` (a word of :data:`RETENTION_SHAPES`, None without retention data),
    ``buffer_months`` (calendar months), ``runway_left_months``, ``best_segment`` and
    ``belonging_level``.
    """

    company: str
    timeline: FitTimeline
    fit: FitFinding = field(default_factory=FitFinding)
    answers_after_as_of: int = 0
    overall: SeanEllisScore | None = None
    trajectory: Trajectory | None = None
    segments: pd.DataFrame | None = None
    segment_analysis: SegmentAnalysis | None = None
    retention: RetentionAnalysis | None = None
    belonging_level: str | None = None

    @property
    def latest_wave(self) -> SeanEllisScore | None:
        """The Sean Ellis score of the latest wave with answers."""
        if self.trajectory is None or self.trajectory.scored_waves.empty:
            return None
        return _wave_score(self.trajectory.scored_waves.iloc[-1])


def assess(company: Company, belonging: BelongingReading | None = None) -> TTPMFResult:
    """Assess time to product/market fit for a loaded company; missing files degrade gracefully.

    Answers dated after the company's as-of date are left out (counted in
    ``answers_after_as_of``); a survey left empty by that is reported in ``missing``.
    ``belonging`` is the belonging result when the caller has it (the registry passes it; tests
    pass a stand-in); when fit is confirmed or provisional and none is given, it is computed
    with ``workbook.belonging.assess``, because the advice to scale depends on it
    (:data:`SCALING_NEEDS`).
    """
    config = company.config
    missing = {
        name: advice_text
        for name in (SURVEY_FILE, RETENTION_FILE)
        if (advice_text := company.missing_message(name))
    }
    retention = (
        None if company.retention is None else analyse_retention(company.retention, company.as_of)
    )

    survey = company.pmf_survey
    after = 0
    if survey is not None:
        survey, after = drop_after(survey, "submitted_at", company.as_of)
        survey = survey.reset_index(drop=True)
        if survey.empty:
            missing[SURVEY_FILE] = (
                f"{SURVEY_FILE} has no answers dated on or before {fmt.day(company.as_of)}: add "
                "answers up to that date, or move as_of in company.yaml."
            )
            survey = None

    overall = trajectory = segments = analysis = None
    fit = FitFinding()
    if survey is None:
        timeline = judge_timeline(
            config.started, company.as_of, config.runway_months, waves=0, projection=None
        )
    else:
        assignment = assign_waves(survey["submitted_at"])
        waves = wave_scores(survey, config.started, assignment.numbers)
        fit = read_fit(waves)
        if fit.level == "none" or not fit.adequate:
            trend, projection = project_fit(waves, config.started, company.as_of)
        else:
            trend, projection = fit_trend(waves)[0], None
        timeline = judge_timeline(
            config.started,
            company.as_of,
            config.runway_months,
            fit=fit,
            waves=int((waves["n"] > 0).sum()),
            trend_waves=len(trend_waves(waves)),
            projection=projection,
            trend=trend,
        )
        overall = sean_ellis(survey["answer"])
        trajectory = Trajectory(
            config.started, waves, trend, timeline.projection, assignment.grouping
        )
        people = latest_answers(survey)
        segments = segment_scores(people)
        analysis = analyse_segments(people, segments)

    band = retention_band(retention, config.business_model)
    if belonging is None and fit.level in ("confirmed", "provisional"):
        # Imported on use: only a company at or above the bar needs it.
        from workbook import belonging as belonging_assessment

        belonging = belonging_assessment.assess(company)
    recommendations = advice.recommend(
        timeline=timeline,
        trajectory=trajectory,
        segment_analysis=analysis,
        retention=retention,
        belonging=belonging,
        network_effects=config.network_effects,
        fit_evidence=fit_evidence(fit),
        trend_evidence=trend_evidence(trajectory),
        retention_band=band,
    )
    # The level the advice was checked against: only at or above the bar is it needed, so the
    # result is the same whether or not the caller passed the belonging result.
    needed = fit.level in ("confirmed", "provisional")
    level = belonging.status if belonging is not None and needed else None
    return TTPMFResult(
        status=timeline.status,
        summary=summarise(timeline),
        figures=figures(timeline, trajectory, fit, analysis, retention, level),
        checks=checks(
            timeline,
            trajectory,
            fit,
            retention,
            overall,
            after,
            retention_band_check(band, config.business_model),
        ),
        recommendations=recommendations,
        missing=missing,
        company=config.name,
        timeline=timeline,
        fit=fit,
        answers_after_as_of=after,
        overall=overall,
        trajectory=trajectory,
        segments=segments,
        segment_analysis=analysis,
        retention=retention,
        belonging_level=level,
    )


def figures(
    timeline: FitTimeline,
    trajectory: Trajectory | None,
    fit: FitFinding,
    analysis: SegmentAnalysis | None,
    retention: RetentionAnalysis | None,
    belonging_level: str | None = None,
) -> dict[str, Any]:
    """The key numbers as plain values (see :class:`TTPMFResult`)."""
    waves = [] if trajectory is None else trajectory.waves.to_dict("records")
    projection = timeline.projection
    projected = None if projection is None else projection.date
    return {
        "waves": [
            {
                "wave": int(row["wave"]),
                "start": as_date(row["start"]),
                "end": as_date(row["end"]),
                "n": int(row["n"]),
                "share": _maybe(row["share"]),
                "ci_low": _maybe(row["ci_low"]),
                "ci_high": _maybe(row["ci_high"]),
                "fit": row["fit"],
                "in_trend": bool(row["n"] >= rules.MIN_ANSWERS.value),
            }
            for row in waves
        ],
        "grouping": None if trajectory is None else trajectory.grouping,
        "fit": fit.level,
        "fit_wave": fit.wave,
        "fit_date": timeline.fit_date,
        "months_elapsed": float(timeline.elapsed_months),
        "months_to_fit": timeline.months_to_fit,
        "projected_fit_date": projected,
        "projected_fit_range": (
            None
            if projection is None or projected is None
            else [projection.low_date, projection.high_date]
        ),
        "trend_left_out": [] if trajectory is None else list(trajectory.left_out),
        "retention_shape": None if retention is None else retention.shape.verdict,
        "buffer_months": _maybe(timeline.buffer_months),
        "runway_left_months": _maybe(timeline.runway_left),
        "best_segment": None if analysis is None else analysis.segment,
        "belonging_level": belonging_level,
        "na_share": (
            None
            if trajectory is None
            else _maybe(
                safe_ratio(
                    float(trajectory.waves["na"].sum()),
                    float(trajectory.waves["na"].sum() + trajectory.waves["n"].sum()),
                )
            )
        ),
    }


def summarise(timeline: FitTimeline) -> str:
    """One plain sentence on where the company stands on its road to fit."""
    elapsed = fmt.number(timeline.elapsed_months)
    mark = f"{rules.FIT_DEADLINE_MONTHS.value}-month mark"
    window = f"{rules.FIT_DEADLINE_MONTHS.value}-month window"
    bar = fmt.share(rules.FIT_THRESHOLD.value)
    projection = timeline.projection
    if timeline.status == "reached":
        inside = "within" if timeline.fit_date <= timeline.deadline else "after"
        return (
            f"Product/market fit was confirmed {fmt.number(timeline.months_to_fit)} months after "
            f"the start ({fmt.day(timeline.fit_date)}), {inside} the {window}."
        )
    if timeline.fit == "provisional":
        state = "on track to be confirmed" if timeline.status == "on track" else "at risk"
        return (
            f"Fit is provisional, {elapsed} months after the start: the share is at or above "
            f"{bar} but not yet confirmed, and fit is {state}."
        )
    if timeline.status == "overdue":
        return f"No product/market fit {elapsed} months after the start, past the {mark}."
    if timeline.status == "insufficient data":
        return f"Too few survey waves to judge the time to fit, {elapsed} months after the start."
    if timeline.status == "on track":
        runway = " and the runway" if timeline.runway_end is not None else ""
        return (
            f"Fit is projected for {fmt.day(projection.date)} (month "
            f"{fmt.number(projection.month)}), within the {window}{runway}."
        )
    if projection is None or projection.date is None:
        return (
            f"Fit is at risk: {elapsed} months after the start the share is not on a path to "
            "the fit bar."
        )
    if projection.date > timeline.deadline:
        after = f"the {mark} ({fmt.day(timeline.deadline)})"
    elif timeline.runway_end is not None and projection.date > timeline.runway_end:
        after = f"the runway ends ({fmt.day(timeline.runway_end)})"
    else:
        # At risk although the line lands in time: the evidence does not carry the projection
        # (a rise within noise, a stall, or a range that reaches "never").
        return (
            f"Fit is at risk: the trend alone would reach it around {fmt.day(projection.date)}, "
            "but the evidence does not show a path to fit yet."
        )
    return f"Fit is at risk: it is projected for {fmt.day(projection.date)}, after {after}."


def fit_check(trajectory: Trajectory | None, fit: FitFinding) -> Check:
    """The Sean Ellis fit check: confirmed passes, provisional warns, below the bar fails."""
    name = "Sean Ellis fit"
    bar = rules.FIT_THRESHOLD.text
    if trajectory is None or fit.judged is None:
        return Check(name, "not assessed", "No usable survey answers yet.")
    score = fit.judged
    if fit.level == "confirmed":
        return Check(
            name,
            "pass",
            f"Fit is confirmed: wave {fit.wave} has enough answers and the lower bound of its "
            f"{fmt.share(rules.CONFIRMED_FIT.value)} interval at or above {bar}; fit is dated "
            f"{fmt.day(fit.date)}, that wave's last day. The latest wave with enough answers "
            f"(wave {fit.judged_wave}, {fmt.share(score.share, 1)}) keeps the run going.",
        )
    if fit.level == "provisional":
        return Check(name, "warn", provisional_reason(fit))
    if score.n < rules.MIN_ANSWERS.value:
        return Check(
            name,
            "not assessed",
            f"No survey wave has {rules.MIN_ANSWERS.value} answers (N/A excluded) yet, so fit "
            "cannot be judged.",
        )
    return Check(
        name,
        "fail",
        f"The latest wave with enough answers (wave {fit.judged_wave}, "
        f"{fmt.share(score.share, 1)}) is below {bar}, so fit is not reached.",
    )


@dataclass(frozen=True)
class RetentionBand:
    """The average curve at :data:`RETENTION_MONTH` against the ``model``'s good and great
    shares (:data:`RETENTION_BANDS`); ``level`` is ``below good``, ``good`` or ``great``."""

    model: str
    value: float
    good: float
    great: float

    @property
    def level(self) -> str:
        """Where the curve stands in the band (exact comparison at the edges: at good is good)."""
        if self.value >= self.great:
            return "great"
        return "good" if self.value >= self.good else "below good"


def retention_band(
    retention: RetentionAnalysis | None, business_model: str | None
) -> RetentionBand | None:
    """The curve at the benchmark period against the business model's band; None without a
    model, retention data or a curve that reaches the period."""
    if retention is None or business_model is None:
        return None
    average = retention.average.set_index("period")["retention"]
    month = rules.RETENTION_MONTH.value
    if month not in average.index:
        return None
    good, great = rules.RETENTION_BANDS.band(business_model)
    # Shares are compared rounded to the precision they are shown in tables (0.1 point).
    value = round(float(average.loc[month]), 3)
    return RetentionBand(business_model, value, good, great)


def retention_band_check(band: RetentionBand | None, business_model: str | None) -> Check | None:
    """The benchmark check, only when company.yaml names a business model."""
    if business_model is None:
        return None
    name = "Retention for the business model"
    credit = "Lenny Rachitsky and Casey Winters' retention benchmarks"
    month = rules.RETENTION_MONTH.value
    if band is None:
        return Check(
            name,
            "not assessed",
            f"The average retention curve does not reach period {month} yet, so it cannot be "
            f"compared with {credit}.",
        )
    said = (
        f"At period {month} the average curve keeps {fmt.share(band.value, 1)}; for "
        f"{band.model} {credit} put good at {fmt.share(band.good)} and great at "
        f"{fmt.share(band.great)}"
    )
    if band.level == "below good":
        return Check(name, "fail", f"{said}: below good, no retention to scale on yet.")
    return Check(name, "pass", f"{said}: {band.level}.")


def retention_check(retention: RetentionAnalysis | None) -> Check:
    """Whether the average retention curve flattens above the floor."""
    name = "Retention flattens"
    if retention is None:
        return Check(name, "not assessed", "No retention data yet.")
    shape = retention.shape
    outcome = {
        "flattens": "pass",
        "turns up": "pass",
        "flattens low": "fail",
        "keeps falling": "fail",
        "falls to zero": "fail",
        "not enough periods": "not assessed",
    }[shape.verdict]
    if shape.verdict == "not enough periods":
        reason = "The average retention curve has too few periods to judge."
    elif shape.verdict == "flattens low":
        reason = (
            f"The average retention curve flattens low: it levels off at "
            f"{fmt.share(shape.last, 1)}, below the {fmt.share(rules.RETENTION_FLOOR.value)} "
            "floor, a level that is no real retention."
        )
    else:
        reason = f"The average retention curve {shape.verdict}."
    if retention.censored_cells:
        reason += (
            f" {retention.censored_cells} cohort period(s) not ended by the as-of date are "
            "censored, not read as zero."
        )
    if retention.oversized_cohorts:
        reason += (
            f" Left out: cohort(s) {', '.join(retention.oversized_cohorts)} report more active "
            "users than the cohort's size."
        )
        if outcome == "pass":
            outcome = "warn"
    evidence = rules.RETENTION_STEP_USERS.judge(
        retention.users, decided=None if shape.flattening is not None else False, unit="users"
    )
    return Check(name, outcome, reason, evidence)


def buffer_check(timeline: FitTimeline) -> Check:
    """The marketing buffer against :data:`MIN_MARKETING_BUFFER_MONTHS` (calendar months)."""
    name = "Marketing buffer"
    wanted = rules.MIN_MARKETING_BUFFER_MONTHS.value
    buffer = timeline.buffer_months
    if timeline.runway_end is None:
        return Check(name, "not assessed", "No runway given (runway_months in company.yaml).")
    if buffer is None:
        left = timeline.runway_left
        if timeline.runway_short:
            return Check(
                name,
                "fail",
                f"No actual or projected fit date, and only {fmt.number(left)} months of runway "
                f"are left now, so the buffer after fit can only be shorter than the {wanted} "
                "wanted.",
            )
        return Check(
            name,
            "not assessed",
            f"No actual or projected fit date; {fmt.number(left)} months of runway are left now.",
        )
    outcome: Outcome = "pass" if buffer >= wanted else ("warn" if buffer >= 0 else "fail")
    return Check(
        name,
        outcome,
        f"{fmt.number(buffer)} calendar months of runway left after {timeline.buffer_after}; "
        f"{wanted} are wanted.",
    )


def time_reason(timeline: FitTimeline, fit: FitFinding) -> str:
    """Why the time to fit is judged as it is. For a provisional fit, the clock rather than the
    share (the fit check beside it already says why fit is provisional), so that a passing time
    check never reads as a second verdict on fit."""
    if fit.level != "provisional":
        return timeline.reason
    clock = timeline.reason.removeprefix(provisional_reason(fit)).strip()
    where = "past" if timeline.as_of > timeline.deadline else "within"
    return (
        f"{fmt.number(timeline.elapsed_months)} months since the start, {where} the "
        f"{rules.FIT_DEADLINE_MONTHS.value}-month window, with fit provisional (not yet "
        f"confirmed). {clock}"
    )


def fit_evidence(fit: FitFinding) -> Evidence | None:
    """The evidence behind the fit verdict (:data:`MIN_ANSWERS`): the judged wave's distinct
    respondents and its Wilson interval, which decides only when it lies wholly on one side of
    the bar; None without answers."""
    score = fit.judged
    if score is None or score.ci_low is None or score.ci_high is None:
        return None
    bar = rules.FIT_THRESHOLD.value
    settled = score.ci_low >= bar or score.ci_high < bar
    return rules.MIN_ANSWERS.judge(
        score.n, decided=settled, interval=(score.ci_low, score.ci_high), unit="respondents"
    )


def trend_evidence(trajectory: Trajectory | None) -> Evidence | None:
    """The evidence behind a claimed rise of the share (:data:`TREND_TEST`): the respondents of
    the smallest wave the trend rests on, and whether the test shows the rise (overall and over
    the recent waves); None without a trend."""
    if trajectory is None or trajectory.trend is None:
        return None
    trend = trajectory.trend
    used = trajectory.trend_waves
    p_value = trend.p_value
    return rules.TREND_TEST.judge(
        int(used["n"].min()), decided=trend.rise_shown, p_value=p_value, unit="respondents"
    )


def time_evidence(
    timeline: FitTimeline, trajectory: Trajectory | None, fit: FitFinding
) -> Evidence | None:
    """The evidence the status rests on: the fit wave's when fit is reached, provisional or
    judged on one wave; the trend's when a trend decides."""
    if timeline.fit != "none" or trajectory is None or trajectory.trend is None:
        return fit_evidence(fit)
    return trend_evidence(trajectory)


def survivorship_check(overall: SeanEllisScore | None) -> Check:
    """The share of "N/A, I no longer use it" answers (:data:`SURVIVORSHIP_SHARE`): the Sean Ellis
    share describes the people who stayed, so many N/A answers qualify it."""
    name = "Survivorship"
    if overall is None or overall.n + overall.na == 0:
        return Check(name, "not assessed", "No survey answers yet.")
    share = overall.na / (overall.n + overall.na)
    limit = rules.SURVIVORSHIP_SHARE.value
    evidence = rules.MIN_ANSWERS.judge(overall.n + overall.na, unit="answers")
    said = (
        f"{overall.na} of {overall.n + overall.na} answers ({fmt.share(share, 1)}) say "
        "“N/A, I no longer use it”"
    )
    if share >= limit:
        return Check(
            name,
            "warn",
            f"{said}, at or above {fmt.share(limit)}: the Sean Ellis share counts only those "
            "who stayed, so it may read better than the product is; the verdict is qualified.",
            evidence,
        )
    return Check(name, "pass", f"{said}, under {fmt.share(limit)}.", evidence)


def checks(
    timeline: FitTimeline,
    trajectory: Trajectory | None,
    fit: FitFinding,
    retention: RetentionAnalysis | None,
    overall: SeanEllisScore | None = None,
    answers_after: int = 0,
    band_check: Check | None = None,
) -> tuple[Check, ...]:
    """The rules applied to the company: fit, time to fit, retention, the marketing buffer and
    survivorship, each with the evidence it rests on."""
    time_outcome: Outcome = {
        "reached": "pass",
        "on track": "pass",
        "at risk": "warn",
        "overdue": "fail",
        "insufficient data": "not assessed",
    }[timeline.status]  # type: ignore[assignment]
    time = time_evidence(timeline, trajectory, fit)
    return (
        dataclasses.replace(fit_check(trajectory, fit), evidence=fit_evidence(fit)),
        Check("Time to fit", time_outcome, time_reason(timeline, fit), time),
        retention_check(retention),
        *([band_check] if band_check is not None else []),
        dataclasses.replace(buffer_check(timeline), evidence=time),
        survivorship_check(overall),
        *(
            [
                Check(
                    "Observation window",
                    "warn",
                    f"{answers_after} survey answer(s) dated after the as-of date were left "
                    "out: everything is judged as of that date.",
                )
            ]
            if answers_after
            else []
        ),
    )
