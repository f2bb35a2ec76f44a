"""Survey analysis: distributions, means, spread, multi-response bases, small-group protection.

Every public function here returns results per question or dimension, **group** and period,
where a group is a unit *with everything below it in the org tree* (so the root unit is the
municipality as a whole). Rules, documented in ``docs/surveys.md``:

* **Means leave «vet ikke» and «ikke aktuelt» out**; those are counted and shown beside them.
  ``n`` is the number of answers in the mean; ``answered`` counts every answer.
* **Shares low/high** are the bottom two and top two values of the question's scale (1–2 and
  5–6 on a six-point scale) unless the survey definition says otherwise, in percent of ``n``.
  Distributions are in percent of ``answered`` («vet ikke» is a category of its own).
* **A dimension's mean** is the mean of its questions' means (bedrekommune's way); its ``n`` is
  the number of respondents with at least one scale answer in it, and its ``sd`` is the spread
  between those respondents' own dimension scores. Aggregated imports have no respondents, so
  there ``n`` is the largest question ``n`` and ``sd`` is unknown.
* **Multi-response** questions are reported as a share of answers (ticks) and as a share of
  respondents (people who answered the question); the second adds up to more than 100 %.
* **Spread grew** (``spread_grew``) when the group's standard deviation rose since its previous
  period with results by at least 25 % *and* by at least 6 % of the scale's range (0.3 points on
  1–6, 0.24 on 1–5), both periods shown. Both conditions: a small sd can grow 25 % by noise, and
  a large one can move 0.3 without anything changing for the users.
* **Small groups** (fewer than ``min_n`` respondents, default 5, meta key ``survey_min_n``) are
  hidden with secondary suppression (:mod:`bmsdata.surveys.suppression`): the row stays, with
  no numbers and the marker «skjult (færre enn 5 svar)». Below 30 respondents ``few`` is set
  («usikkert»).
* **Percentages** are rounded to one decimal half-up, the way published tables are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from bmsdata import queries
from bmsdata.scorecard.periods import Period
from bmsdata.surveys.suppression import (
    DEFAULT_MIN_N,
    FEW_N,
    META_MIN_N,
    Protection,
    percent,
    suppress,
)

SPREAD_RATIO = 1.25
SPREAD_SCALE_SHARE = 0.06
FEW_NOTE = f"usikkert (færre enn {FEW_N} svar)"

QUESTION_COLUMNS = [
    "survey_id", "period", "question_id", "question", "dimension_id", "dimension", "unit_id",
    "unit", "is_total", "n", "mean", "sd", "share_low", "share_high", "vet_ikke",
    "ikke_aktuelt", "answered", "few", "suppressed", "note", "previous_period", "sd_previous",
    "spread_grew",
]
DIMENSION_COLUMNS = [
    "survey_id", "period", "dimension_id", "dimension", "indicator_id", "unit_id", "unit",
    "is_total", "n", "mean", "sd", "share_low", "share_high", "vet_ikke", "ikke_aktuelt",
    "answered", "few", "suppressed", "note", "previous_period", "sd_previous", "spread_grew",
]
DISTRIBUTION_COLUMNS = [
    "survey_id", "period", "question_id", "question", "unit_id", "unit", "is_total", "code",
    "label", "role", "count", "pct", "suppressed", "note",
]
MULTI_COLUMNS = [
    "survey_id", "period", "question_id", "question", "unit_id", "unit", "is_total", "code",
    "label", "count", "respondents", "answers", "share_of_answers", "share_of_respondents",
    "suppressed", "note",
]
_NUMBERS = ["n", "mean", "sd", "share_low", "share_high", "vet_ikke", "ikke_aktuelt", "answered",
            "previous_period", "sd_previous", "spread_grew", "few"]


class SurveyError(LookupError):
    """A survey request a person must correct. ``str()`` is Norwegian."""


# ---------------------------------------------------------------------------------------------
# The org tree and pooling units into groups
@dataclass(frozen=True)
class Tree:
    parent: dict[str, str | None]
    names: dict[str, str]
    root: str | None

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Tree:
        parent: dict[str, str | None] = {}
        names: dict[str, str] = {}
        for unit_id, name, parent_id, *_ in queries.rows(con, "units"):
            parent[unit_id] = parent_id
            names[unit_id] = name
        facts = dict(queries.rows(con, "meta"))
        roots = [u for u, p in parent.items() if not p]
        root = facts.get("root_unit") or (roots[0] if len(roots) == 1 else None)
        return cls(parent, names, root)

    def lineage(self, unit: str) -> list[str]:
        """The unit and its ancestors up to the root."""
        out, seen = [unit], {unit}
        p = self.parent.get(unit)
        while p and p not in seen:
            out.append(p)
            seen.add(p)
            p = self.parent.get(p)
        return out

    def ancestry(self, units: Iterable[str]) -> pd.DataFrame:
        pairs = [(u, g) for u in set(units) for g in self.lineage(u)]
        return pd.DataFrame(pairs, columns=["unit_id", "group_id"])


def _pool(frame: pd.DataFrame, keys: list[str], sums: list[str], tree: Tree) -> pd.DataFrame:
    """Sum additive columns from units into every group (the unit and each ancestor)."""
    if frame.empty:
        return pd.DataFrame(columns=[*keys, "group_id", *sums])
    pairs = tree.ancestry(frame["unit_id"].unique())
    merged = frame.merge(pairs, on="unit_id")
    return merged.groupby([*keys, "group_id"], as_index=False, sort=False)[sums].sum()


# ---------------------------------------------------------------------------------------------
def min_group_size(con: duckdb.DuckDBPyConnection, min_n: int | None = None) -> Protection:
    """The protection in force: ``min_n`` if given, else the store's ``survey_min_n``, else 5."""
    if min_n is None:
        raw = dict(queries.rows(con, "meta")).get(META_MIN_N)
        min_n = int(raw) if raw and raw.strip().isdigit() else DEFAULT_MIN_N
    return Protection(min_n)


_NO_TABLES = ("Databasen har ingen undersøkelser ennå. Importer en definisjon med "
              "«bms import undersokelser», eller bygg demoen på nytt.")


def _questions(con: duckdb.DuckDBPyConnection, survey_id: str) -> pd.DataFrame:
    try:
        q = queries.frame(con, "survey_questions", survey_id=survey_id)
    except duckdb.CatalogException as exc:  # a store built before surveys existed
        raise SurveyError(_NO_TABLES) from exc
    if q.empty:
        raise SurveyError(f"Fant ingen undersøkelse «{survey_id}». Importer definisjonen først, "
                          "eller velg en undersøkelse fra listen.")
    return q


def _period_key(code: str) -> tuple:
    try:
        p = Period.parse(code)
        return (p.end, -p.start.toordinal())
    except ValueError:
        return (code,)


def _sd(n: pd.Series, s1: pd.Series, s2: pd.Series) -> pd.Series:
    n = n.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = (s2 - s1 * s1 / n) / (n - 1)
    var = var.where(n >= 2)
    return np.sqrt(var.clip(lower=0))


def _question_stats(con: duckdb.DuckDBPyConnection, survey_id: str, questions: pd.DataFrame,
                    tree: Tree) -> pd.DataFrame:
    """Unprotected statistics per (period, question, group) for the single-answer questions."""
    options = queries.frame(con, "survey_options", survey_id=survey_id)
    counts = queries.frame(con, "survey_answer_counts", survey_id=survey_id)
    single = questions[~questions["multi"].astype(bool)]
    bounds = single.set_index("question_id")[["low_max", "high_min"]]
    parts = []
    if not counts.empty:
        c = counts.merge(options[["question_id", "code", "role", "score"]],
                         on=["question_id", "code"], how="left")
        c = c[c["question_id"].isin(bounds.index)]
        c = c.join(bounds, on="question_id")
        cnt = c["count"].astype(float)
        scale = c["role"] == "skala"
        score = c["score"].astype(float).fillna(0.0)
        c = c.assign(
            n=cnt.where(scale, 0.0), s1=(cnt * score).where(scale, 0.0),
            s2=(cnt * score * score).where(scale, 0.0),
            low=cnt.where(scale & (score <= c["low_max"]), 0.0),
            high=cnt.where(scale & (score >= c["high_min"]), 0.0),
            vet_ikke=cnt.where(c["role"] == "vet_ikke", 0.0),
            ikke_aktuelt=cnt.where(c["role"] == "ikke_aktuelt", 0.0),
            answered=cnt, no_sd=0.0, no_dist=0.0,
        )
        parts.append(c)
    summaries = queries.frame(con, "survey_summaries", survey_id=survey_id)
    if not summaries.empty:
        s = summaries[summaries["question_id"].isin(bounds.index)].copy()
        n, mean, sd = s["n"].astype(float), s["mean"].astype(float), s["sd"].astype(float)
        s2 = (n - 1) * sd * sd + n * mean * mean
        s = s.assign(n=n, s1=mean * n, s2=s2.fillna(0.0), low=0.0, high=0.0, vet_ikke=0.0,
                     ikke_aktuelt=0.0, answered=n, no_sd=s2.isna().astype(float), no_dist=1.0)
        parts.append(s)
    sums = ["n", "s1", "s2", "low", "high", "vet_ikke", "ikke_aktuelt", "answered", "no_sd",
            "no_dist"]
    if not parts:
        return pd.DataFrame(columns=["period", "question_id", "group_id", *sums])
    raw = pd.concat([p[["period", "unit_id", "question_id", *sums]] for p in parts])
    raw = raw.groupby(["period", "unit_id", "question_id"], as_index=False)[sums].sum()
    return _pool(raw, ["period", "question_id"], sums, tree)


def _finish(stats: pd.DataFrame, item: str, ranges: dict[str, float], protection: Protection,
            tree: Tree, share_base: str = "n") -> pd.DataFrame:
    """Means, sd, shares, the spread flag and small-group protection for pooled sums.

    ``share_base`` counts the scale answers the low/high shares are taken of: ``n`` for a
    question, every scale answer in the dimension for a dimension.
    """
    s = stats.copy()
    n = s["n"].astype(float)
    base = s[share_base].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if "mean" not in s:
            s["mean"] = (s["s1"] / n).where(n > 0)
        if "sd" not in s:
            s["sd"] = _sd(n, s["s1"], s["s2"]).where(s["no_sd"] == 0)
    s["share_low"] = [None if nd or not nn else percent(int(lo), int(nn))
                      for lo, nn, nd in zip(s["low"], base, s["no_dist"], strict=True)]
    s["share_high"] = [None if nd or not nn else percent(int(hi), int(nn))
                       for hi, nn, nd in zip(s["high"], base, s["no_dist"], strict=True)]
    for col in ("share_low", "share_high"):
        s[col] = pd.array([None if v is None else float(v) for v in s[col]], dtype="Float64")
    # Protection: one family per item and period. A group whose answers are all «vet ikke»
    # still has people in it, so its size falls back to everyone who answered.
    s["_size"] = s["n"].where(s["n"] > 0, s["answered"]).astype(int)
    s["reason"] = None
    for _, fam in s.groupby(["period", item], sort=False):
        hidden = suppress(dict(zip(fam["group_id"], fam["_size"], strict=True)), tree.parent,
                          protection.min_n)
        if hidden:
            s.loc[fam.index, "reason"] = fam["group_id"].map(hidden)
    s["suppressed"] = s["reason"].notna()
    s["note"] = [protection.note(r) for r in s["reason"]]
    # Spread: compare with the group's previous shown period.
    s["_order"] = s["period"].map(_period_key)
    s = s.sort_values([item, "group_id", "_order"], kind="stable")
    prev_period, prev_sd = [], []
    for _, g in s.groupby([item, "group_id"], sort=False):
        last_p, last_sd = None, None
        for period, sd, hidden in zip(g["period"], g["sd"], g["suppressed"], strict=True):
            prev_period.append(last_p)
            prev_sd.append(last_sd)
            if not hidden and sd is not None and not pd.isna(sd):
                last_p, last_sd = period, float(sd)
    s["previous_period"] = pd.Series(prev_period, index=s.index, dtype=object)
    s["sd_previous"] = pd.array(prev_sd, dtype="Float64")
    rng = s[item].map(ranges).astype(float)
    grew = (s["sd"].astype(float) >= SPREAD_RATIO * s["sd_previous"].astype(float)) & (
        s["sd"].astype(float) - s["sd_previous"].astype(float) >= SPREAD_SCALE_SHARE * rng)
    s["spread_grew"] = grew.fillna(False).astype(bool)
    s["few"] = (n < FEW_N) & (n > 0)
    s.loc[s["few"] & ~s["suppressed"], "note"] = FEW_NOTE
    s["unit_id"] = s["group_id"]
    s["unit"] = s["group_id"].map(tree.names).fillna(s["group_id"])
    s["is_total"] = s["group_id"] == tree.root
    for col in ("n", "vet_ikke", "ikke_aktuelt", "answered"):
        s[col] = pd.array([None if pd.isna(v) else int(v) for v in s[col]], dtype="Int64")
    for col in ("mean", "sd"):
        s[col] = pd.array(s[col].astype(float), dtype="Float64")
    return _blank(s)


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """Suppressed rows keep only their keys and the marker: no number can leak."""
    hide = frame["suppressed"].to_numpy(dtype=bool)
    for col in _NUMBERS:
        if col not in frame:
            continue
        if col in ("spread_grew", "few"):
            frame[col] = pd.array(np.where(hide, None, frame[col].astype(object)),
                                  dtype="boolean")
        elif col == "previous_period":
            frame.loc[hide, col] = None
        else:
            frame.loc[hide, col] = pd.NA
    return frame


def _filter(frame: pd.DataFrame, period: str | None, unit_id: str | None) -> pd.DataFrame:
    if period is not None:
        frame = frame[frame["period"] == str(Period.parse(period))]
    if unit_id is not None:
        frame = frame[frame["unit_id"] == unit_id]
    return frame.reset_index(drop=True)


def _sorted(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    frame = frame.assign(_p=frame["period"].map(_period_key),
                         _t=~frame["is_total"].astype(bool))
    return frame.sort_values(["_p", *order, "_t", "unit"], kind="stable").drop(
        columns=["_p", "_t"])


# ---------------------------------------------------------------------------------------------
def question_results(con: duckdb.DuckDBPyConnection, survey_id: str, *,
                     period: str | None = None, unit_id: str | None = None,
                     min_n: int | None = None) -> pd.DataFrame:
    """Per question, group and period: n, mean, sd, shares low/high, «vet ikke», spread flag.

    Multi-response questions are left out (see :func:`multi_response`). Suppressed rows have
    ``suppressed`` set, a marker in ``note`` and no numbers.
    """
    protection = min_group_size(con, min_n)
    questions = _questions(con, survey_id)
    tree = Tree.load(con)
    stats = _question_stats(con, survey_id, questions, tree)
    if stats.empty:
        return pd.DataFrame(columns=QUESTION_COLUMNS)
    single = questions[~questions["multi"].astype(bool)].set_index("question_id")
    ranges = (single["scale_max"] - single["scale_min"]).to_dict()
    out = _finish(stats, "question_id", ranges, protection, tree)
    out = out.join(single[["text", "dimension_id", "dimension", "question_order",
                           "dimension_order"]], on="question_id")
    out = out.rename(columns={"text": "question"}).assign(survey_id=survey_id)
    out = _sorted(out, ["dimension_order", "question_order"])
    return _filter(out[QUESTION_COLUMNS], period, unit_id)


def _dimension_stats(con: duckdb.DuckDBPyConnection, survey_id: str, questions: pd.DataFrame,
                     tree: Tree) -> pd.DataFrame:
    """Unprotected dimension statistics per (period, dimension, group). Internal only."""
    qstats = _question_stats(con, survey_id, questions, tree)
    if qstats.empty:
        return pd.DataFrame()
    dims = questions.set_index("question_id")["dimension_id"]
    q = qstats.assign(dimension_id=qstats["question_id"].map(dims))
    qn = q["n"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        q["qmean"] = (q["s1"] / qn).where(qn > 0)
    keys = ["period", "dimension_id", "group_id"]
    d = q.groupby(keys, as_index=False).agg(
        mean=("qmean", "mean"), qn_max=("n", "max"), low=("low", "sum"), high=("high", "sum"),
        n_answers=("n", "sum"), vet_ikke=("vet_ikke", "sum"),
        ikke_aktuelt=("ikke_aktuelt", "sum"), answered=("answered", "sum"),
        no_dist=("no_dist", "sum"))
    scores = queries.frame(con, "survey_dimension_scores", survey_id=survey_id)
    if not scores.empty:
        pooled = _pool(scores, ["period", "dimension_id"], ["n", "s1", "s2"], tree)
        pooled = pooled.rename(columns={"n": "rn"})
        d = d.merge(pooled, on=keys, how="left")
    else:
        d = d.assign(rn=np.nan, s1=np.nan, s2=np.nan)
    micro = d["rn"].notna()
    d["n"] = d["rn"].where(micro, d["qn_max"])
    d["sd"] = _sd(d["rn"], d["s1"], d["s2"]).where(micro)
    return d


def dimension_results(con: duckdb.DuckDBPyConnection, survey_id: str, *,
                      period: str | None = None, unit_id: str | None = None,
                      min_n: int | None = None) -> pd.DataFrame:
    """Per dimension, group and period: the dimension's mean, n, sd and shares (see module)."""
    protection = min_group_size(con, min_n)
    questions = _questions(con, survey_id)
    tree = Tree.load(con)
    d = _dimension_stats(con, survey_id, questions, tree)
    if d.empty:
        return pd.DataFrame(columns=DIMENSION_COLUMNS)
    single = questions[~questions["multi"].astype(bool)]
    ranges = (single["scale_max"] - single["scale_min"]).groupby(single["dimension_id"]).max()
    out = _finish(d, "dimension_id", ranges.to_dict(), protection, tree, share_base="n_answers")
    meta = questions.drop_duplicates("dimension_id").set_index("dimension_id")[
        ["dimension", "indicator_id", "dimension_order"]]
    out = out.join(meta, on="dimension_id").assign(survey_id=survey_id)
    out = _sorted(out, ["dimension_order"])
    return _filter(out[DIMENSION_COLUMNS], period, unit_id)


def _marker_rows(rows: pd.DataFrame, hidden: pd.Series, protection: Protection,
                 numbers: list[str]) -> pd.DataFrame:
    rows = rows.copy()
    rows["suppressed"] = hidden.to_numpy(dtype=bool)
    rows["note"] = [protection.note(r) for r in hidden.where(hidden.astype(bool), None)]
    for col in numbers:
        rows[col] = rows[col].astype(object).where(~rows["suppressed"], None)
    return rows


def distribution(con: duckdb.DuckDBPyConnection, survey_id: str, *,
                 period: str | None = None, unit_id: str | None = None,
                 min_n: int | None = None) -> pd.DataFrame:
    """Per single-answer question, group, period and answer code: count and percent of answered.

    Groups hidden by :func:`question_results` are hidden here too (same family, same rule).
    """
    protection = min_group_size(con, min_n)
    questions = _questions(con, survey_id)
    tree = Tree.load(con)
    results = question_results(con, survey_id, min_n=protection.min_n)
    counts = queries.frame(con, "survey_answer_counts", survey_id=survey_id)
    options = queries.frame(con, "survey_options", survey_id=survey_id)
    single = questions[~questions["multi"].astype(bool)]
    counts = counts[counts["question_id"].isin(single["question_id"])]
    if counts.empty or results.empty:
        return pd.DataFrame(columns=DISTRIBUTION_COLUMNS)
    pooled = _pool(counts, ["period", "question_id", "code"], ["count"], tree)
    # Every code of the question for every group, with 0 where nobody chose it.
    groups = pooled[["period", "question_id", "group_id"]].drop_duplicates()
    full = groups.merge(options, on="question_id").merge(
        pooled, on=["period", "question_id", "group_id", "code"], how="left")
    full["count"] = full["count"].fillna(0).astype(int)
    answered = full.groupby(["period", "question_id", "group_id"])["count"].transform("sum")
    full["pct"] = [None if not a else float(percent(c, a))
                   for c, a in zip(full["count"], answered, strict=True)]
    status = results.set_index(["period", "question_id", "unit_id"])["note"]
    hidden_flags = results.set_index(["period", "question_id", "unit_id"])["suppressed"]
    idx = pd.MultiIndex.from_frame(full[["period", "question_id", "group_id"]])
    hidden = pd.Series(hidden_flags.reindex(idx).fillna(True).to_numpy(dtype=bool))
    notes = status.reindex(idx).to_numpy()
    full = full.reset_index(drop=True)
    full["suppressed"] = hidden
    full["note"] = np.where(hidden, notes, None)
    for col in ("count", "pct"):
        full[col] = full[col].astype(object).where(~full["suppressed"], None)
    full["count"] = pd.array(full["count"], dtype="Int64")
    full["pct"] = pd.array(full["pct"], dtype="Float64")
    full = full.merge(single[["question_id", "text", "dimension_order", "question_order"]],
                      on="question_id")
    full = full.rename(columns={"text": "question"})
    full["unit_id"] = full["group_id"]
    full["unit"] = full["group_id"].map(tree.names).fillna(full["group_id"])
    full["is_total"] = full["group_id"] == tree.root
    full["survey_id"] = survey_id
    full = _sorted(full, ["dimension_order", "question_order", "sort_order"])
    return _filter(full[DISTRIBUTION_COLUMNS], period, unit_id)


def multi_response(con: duckdb.DuckDBPyConnection, survey_id: str, *,
                   period: str | None = None, unit_id: str | None = None,
                   min_n: int | None = None) -> pd.DataFrame:
    """Multi-response questions: each option as a share of answers and of respondents.

    ``answers`` is the number of ticks in the group, ``respondents`` the number of people who
    answered the question; a group with fewer than ``min_n`` respondents is hidden.
    """
    protection = min_group_size(con, min_n)
    questions = _questions(con, survey_id)
    tree = Tree.load(con)
    multi = questions[questions["multi"].astype(bool)]
    counts = queries.frame(con, "survey_answer_counts", survey_id=survey_id)
    counts = counts[counts["question_id"].isin(multi["question_id"])]
    if counts.empty:
        return pd.DataFrame(columns=MULTI_COLUMNS)
    resp = queries.frame(con, "survey_question_respondents", survey_id=survey_id)
    resp = resp[resp["question_id"].isin(multi["question_id"])]
    options = queries.frame(con, "survey_options", survey_id=survey_id)
    pooled = _pool(counts, ["period", "question_id", "code"], ["count"], tree)
    people = _pool(resp, ["period", "question_id"], ["respondents"], tree)
    groups = people[["period", "question_id", "group_id"]]
    full = groups.merge(options, on="question_id").merge(
        pooled, on=["period", "question_id", "group_id", "code"], how="left")
    full["count"] = full["count"].fillna(0).astype(int)
    full = full.merge(people, on=["period", "question_id", "group_id"])
    full["answers"] = full.groupby(["period", "question_id", "group_id"])["count"].transform(
        "sum")
    full["share_of_answers"] = [None if not a else float(percent(c, a))
                                for c, a in zip(full["count"], full["answers"], strict=True)]
    full["share_of_respondents"] = [
        None if not r else float(percent(c, r))
        for c, r in zip(full["count"], full["respondents"], strict=True)]
    reason = pd.Series(None, index=full.index, dtype=object)
    for (_p, _q), fam in people.groupby(["period", "question_id"]):
        hidden = suppress(dict(zip(fam["group_id"], fam["respondents"].astype(int),
                                   strict=True)), tree.parent, protection.min_n)
        sel = (full["period"] == _p) & (full["question_id"] == _q)
        reason[sel] = full.loc[sel, "group_id"].map(hidden)
    full["suppressed"] = reason.notna()
    full["note"] = [protection.note(r) if isinstance(r, str) else None for r in reason]
    for col in ("count", "respondents", "answers", "share_of_answers", "share_of_respondents"):
        full[col] = full[col].astype(object).where(~full["suppressed"], None)
    for col in ("count", "respondents", "answers"):
        full[col] = pd.array(full[col], dtype="Int64")
    for col in ("share_of_answers", "share_of_respondents"):
        full[col] = pd.array(full[col], dtype="Float64")
    full = full.merge(multi[["question_id", "text", "dimension_order", "question_order"]],
                      on="question_id").rename(columns={"text": "question"})
    full["unit_id"] = full["group_id"]
    full["unit"] = full["group_id"].map(tree.names).fillna(full["group_id"])
    full["is_total"] = full["group_id"] == tree.root
    full["survey_id"] = survey_id
    full = _sorted(full, ["dimension_order", "question_order", "sort_order"])
    return _filter(full[MULTI_COLUMNS], period, unit_id)


def survey_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The surveys in the store with their kind and periods (no respondent numbers)."""
    try:
        return queries.frame(con, "surveys")
    except duckdb.CatalogException as exc:
        raise SurveyError(_NO_TABLES) from exc


# ---------------------------------------------------------------------------------------------
# For the scorecard feed (bmsdata.importers.surveys.feed): unprotected on purpose, because the
# feed pools several surveys into one indicator before it protects the result. Never call this
# from a view or an export.
def indicator_cells(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]],
                    tree: Tree, cache: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Per (period, group): n-weighted mean of the given (survey, dimension) means, and n.

    ``cache`` keeps each survey's dimension statistics between calls (one feed run computes
    many indicators from the same surveys).
    """
    cache = {} if cache is None else cache
    parts = []
    for survey_id, dimension_id in pairs:
        if survey_id not in cache:
            questions = queries.frame(con, "survey_questions", survey_id=survey_id)
            cache[survey_id] = (pd.DataFrame() if questions.empty else
                                _dimension_stats(con, survey_id, questions, tree))
        d = cache[survey_id]
        if d.empty:
            continue
        d = d[(d["dimension_id"] == dimension_id) & (d["n"] > 0) & d["mean"].notna()]
        parts.append(d[["period", "group_id", "mean", "n"]])
    if not parts:
        return pd.DataFrame(columns=["period", "group_id", "value", "n"])
    allp = pd.concat(parts, ignore_index=True)
    allp["w"] = allp["mean"] * allp["n"]
    out = allp.groupby(["period", "group_id"], as_index=False)[["w", "n"]].sum()
    out["value"] = out["w"] / out["n"]
    out["n"] = out["n"].astype(int)
    return out[["period", "group_id", "value", "n"]]


def is_missing(x: object) -> bool:
    """True for None, NaN and pandas' NA (helper for callers formatting results)."""
    if x is None or x is pd.NA:
        return True
    try:
        return math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
