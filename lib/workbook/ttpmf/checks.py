"""The TTPMF checks: each rule applied to the company, with its outcome, its reason in plain
words and the evidence it rests on (presentation side: it reads the compute modules and
:mod:`~workbook.ttpmf.wording`)."""

from __future__ import annotations

import dataclasses

from workbook import format as fmt
from workbook.results import Check, Outcome
from workbook.ttpmf import rules
from workbook.ttpmf.compute import (
    FitFinding,
    FitTimeline,
    RetentionAnalysis,
    RetentionBand,
    SeanEllisScore,
    Trajectory,
    fit_evidence,
    time_evidence,
)
from workbook.ttpmf.wording import provisional_reason, time_reason


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
    outcomes: dict[str, Outcome] = {
        "flattens": "pass",
        "turns up": "pass",
        "flattens low": "fail",
        "keeps falling": "fail",
        "falls to zero": "fail",
        "not enough periods": "not assessed",
    }
    outcome = outcomes[shape.verdict]
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
