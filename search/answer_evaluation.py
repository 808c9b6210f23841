"""How good direct answers are (kb_eval --answers): precision, coverage and their curve.

A shown answer is right when it quotes a gold answer span of the question (the XQuAD sets
carry them), or, for a set without spans (banking77), when it cites a relevant article.
Precision is the share of shown answers that are right, coverage the share of questions
that get one; both per language, at every threshold of a grid and at the default.
"""

from dataclasses import dataclass

import numpy as np

from .answers import best_answer, is_question

#: Thresholds the curve is printed at.
GRID = tuple(round(t, 3) for t in np.arange(0.0, 0.3001, 0.01))
#: The precision the default threshold is chosen for.
TARGET_PRECISION = 0.9


@dataclass
class Judged:
    language: str
    score: float | None  # None: no answer at any threshold (not a question, nothing quoted)
    right: bool


def judge(query, results, spans):
    """The best answer to ``query`` (an EvalQuery) at any score, judged."""
    answer = best_answer(query.query, query.language, results)
    if answer is None or not is_question(query.query, query.language):
        return Judged(query.language, None, False)
    if spans:
        text = _plain(answer.text)
        right = any(_plain(span) in text for span in spans if span.strip())
    else:
        right = answer.parent_id in query.relevant
    return Judged(query.language, answer.score, right)


def _plain(text):
    return " ".join(text.casefold().split())


def at(judged, threshold):
    """(precision, coverage, answers shown) of ``judged`` at ``threshold``."""
    shown = [j for j in judged if j.score is not None and j.score >= threshold]
    precision = sum(j.right for j in shown) / len(shown) if shown else None
    coverage = len(shown) / len(judged) if judged else 0.0
    return precision, coverage, len(shown)


def lowest_threshold(judged, target=TARGET_PRECISION):
    """The lowest grid threshold at and above which precision stays ≥ ``target`` (where
    any answer is shown); None when no threshold shows one."""
    chosen = None
    for threshold in reversed(GRID):
        precision, _coverage, shown = at(judged, threshold)
        if not shown:
            continue
        if precision < target:
            break
        chosen = threshold
    return chosen


def answer_report(judged, threshold):
    """Per language and for all: the curve, and precision/coverage at ``threshold``."""
    languages = sorted({j.language for j in judged})
    groups = {"all": judged} if len(languages) > 1 else {}
    for language in languages:
        groups[language] = [j for j in judged if j.language == language]
    report = {}
    for name, group in groups.items():
        precision, coverage, shown = at(group, threshold)
        report[name] = {
            "questions": len(group),
            "precision": _round(precision),
            "coverage": round(coverage, 4),
            "shown": shown,
            "lowest_threshold_for_target": lowest_threshold(group),
            "curve": [
                {"threshold": t, "precision": _round(p), "coverage": round(c, 4)}
                for t in GRID
                for p, c, _n in [at(group, t)]
            ],
        }
    return report


def _round(value):
    return None if value is None else round(value, 4)
