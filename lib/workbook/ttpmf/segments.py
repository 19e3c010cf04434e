"""The Superhuman-style segment reading: the segment that loves the product (by test), the
phrases and quotes of what its fans value, and what holds the somewhat disappointed back."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbook.evidence import Evidence, holm, two_proportion_p
from workbook.stats import safe_ratio
from workbook.ttpmf import rules
from workbook.ttpmf.survey import (
    SeanEllisScore,
    _as_series,
    _map_distinct,
    _segment_labels,
    best_segment,
    sean_ellis,
)

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
    quoted: set[str | None] = set()
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
        two_proportion_p(int(very), int(n), total_very - int(very), total_n - int(n))
        for very, n in zip(
            eligible["very"].to_numpy(dtype="int64"),
            eligible["n"].to_numpy(dtype="int64"),
            strict=True,
        )
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
