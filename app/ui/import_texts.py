"""What the AiSEG2 import page says about matches, problems and the report, translated."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from app.domain.aiseg2_csv import (
    NOT_IMPORTED_COSTS,
    NOT_IMPORTED_HOURLY,
    NOT_IMPORTED_YEARLY,
    ImportProblem,
    ProblemKind,
)
from app.domain.import_report import ImportReport, SkipReason
from app.domain.imported_history import MatchConfidence, Resolution
from app.ui.formatting import format_date

translate = QCoreApplication.translate


def confidence_text(confidence: MatchConfidence) -> str:
    return {MatchConfidence.EXACT: translate("Aiseg2ImportPage", "Same name"),
            MatchConfidence.PROBABLE: translate("Aiseg2ImportPage", "Probable"),
            MatchConfidence.DOUBTFUL: translate("Aiseg2ImportPage", "Doubtful: please confirm"),
            MatchConfidence.NONE: translate("Aiseg2ImportPage", "No match")}[confidence]


def _not_imported(detail: str) -> str:
    what = {
        NOT_IMPORTED_HOURLY: translate("Aiseg2ImportPage",
                                       "hourly data, also in the 30-minute files"),
        NOT_IMPORTED_YEARLY: translate("Aiseg2ImportPage",
                                       "yearly data, also in the monthly file"),
        NOT_IMPORTED_COSTS: translate("Aiseg2ImportPage",
                                      "costs, priced again with this panel's rates"),
    }.get(detail, detail)
    return translate("Aiseg2ImportPage", "Not imported: {what}").format(what=what)


def _problem(kind: ProblemKind) -> str:
    k = ProblemKind
    if kind is k.UNREADABLE:
        return translate("Aiseg2ImportPage",
                         "Cannot be read (neither UTF-8 nor Shift_JIS): refused")
    if kind is k.NOT_HISTORY:
        return translate("Aiseg2ImportPage", "Not an AiSEG2 history file: refused")
    if kind is k.UNKNOWN_FILE:
        return translate("Aiseg2ImportPage", "Not an AiSEG2 file: ignored")
    if kind is k.UNKNOWN_COLUMN:
        return translate("Aiseg2ImportPage", "Unknown column {detail}: ignored")
    if kind is k.SKIPPED_COLUMN:
        return translate("Aiseg2ImportPage", "Column {detail}: not imported")
    if kind is k.TRUNCATED:
        return translate("Aiseg2ImportPage", "The file ends inside this line: line refused")
    if kind is k.BAD_ROW:
        return translate("Aiseg2ImportPage", "Wrong number of values ({detail}): line refused")
    if kind is k.BAD_TIME:
        return translate("Aiseg2ImportPage", "Time {detail} does not fit this file: line refused")
    if kind is k.BAD_VALUE:
        return translate("Aiseg2ImportPage", "Value {detail} is not a number: value refused")
    if kind is k.DUPLICATE:
        return translate("Aiseg2ImportPage", "Same time as line {detail}, same values: ignored")
    if kind is k.CONFLICT:
        return translate("Aiseg2ImportPage",
                         "Same time as line {detail}, other values: line refused")
    if kind is k.CLOCK_CHANGE:
        return translate("Aiseg2ImportPage", "The AiSEG2's clock changed (UTC{detail})")
    if kind is k.CLOCK_BACK:
        return translate("Aiseg2ImportPage", "The AiSEG2's clock went back to {detail}")
    return translate("Aiseg2ImportPage", "Missing: {detail}")  # GAP


def problem_text(problem: ImportProblem) -> str:
    """One problem, with its file and line."""
    text = (_not_imported(problem.detail) if problem.kind is ProblemKind.NOT_IMPORTED
            else _problem(problem.kind).format(detail=problem.detail))
    where = problem.file if problem.line == 0 else f"{problem.file}:{problem.line}"
    return f"{where}  {text}"


def _skip_text(reason: SkipReason) -> str:
    return {
        SkipReason.MEASURED: translate("Aiseg2ImportPage", "measured by this panel (kept)"),
        SkipReason.ALREADY_IMPORTED: translate("Aiseg2ImportPage", "already imported"),
        SkipReason.FINER_DATA: translate("Aiseg2ImportPage",
                                         "already given by the 30-minute data"),
        SkipReason.DIFFERS: translate("Aiseg2ImportPage",
                                      "at odds with the finer data (finer kept)"),
        SkipReason.UNKNOWN_SERIES: translate("Aiseg2ImportPage", "no such data on this panel"),
        SkipReason.NOT_ENERGY: translate("Aiseg2ImportPage", "not an amount of energy"),
    }[reason]


def report_text(report: ImportReport, lang: str) -> str:
    """The report in a few lines."""
    if report.already_imported:
        return translate("Aiseg2ImportPage", "This card was already imported: nothing changed.")
    counts = {Resolution.HALF_HOUR: translate("Aiseg2ImportPage", "{n} half-hour values"),
              Resolution.DAY: translate("Aiseg2ImportPage", "{n} daily values"),
              Resolution.MONTH: translate("Aiseg2ImportPage", "{n} monthly values")}
    what = translate("Aiseg2ImportPage", ", ").join(
        counts[r].format(n=f"{report.imported.get(r, 0):,}") for r in Resolution)
    lines = [translate("Aiseg2ImportPage", "Imported: {what}.").format(what=what)]
    if report.first_day:
        lines.append(translate("Aiseg2ImportPage", "History from {first} to {last}.").format(
            first=format_date(date.fromisoformat(report.first_day), lang),
            last=format_date(date.fromisoformat(report.last_day or report.first_day), lang)))
    for reason, n in report.skipped.items():
        lines.append(translate("Aiseg2ImportPage", "Skipped {n}: {why}.").format(
            n=f"{n:,}", why=_skip_text(reason)))
    if report.circuits_dropped:
        lines.append(translate(
            "Aiseg2ImportPage", "Not imported: {n} values of circuits without a match.").format(
            n=f"{report.circuits_dropped:,}"))
    return "\n".join(lines)
