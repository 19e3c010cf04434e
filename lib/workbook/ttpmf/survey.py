"""The Sean Ellis score: answers normalised, scored per group with a Wilson interval, per wave
and per segment (each respondent counted once)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from workbook.io import PMF_ANSWER_CODES, normalize_pmf_answer
from workbook.stats import wilson_interval
from workbook.ttpmf import rules
from workbook.ttpmf.dates import as_date, months_between
from workbook.ttpmf.rules import WaveFit
from workbook.waves import assign_waves


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
    codes = pd.Index(PMF_ANSWER_CODES).get_indexer(pd.Index(answered["answer"]))  # -1: not a code
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
