"""The gradebook: ``gradebook.csv``, ``gradebook.json``, ``lms.csv`` and ``feedback/<student>.md``.

``gradebook.csv``: one row per (student, exercise, check) with points, maximum and the feedback
text in the chosen language, plus one ``TOTAL`` row per submission whose feedback carries the
reason of a zero or an error and the integrity flags.

``lms.csv`` is what a learning-management system imports (Moodle's and Canvas's CSV grade imports
map a student-identifier column and one column per grade item): one row per student, one column
per exercise with the points, a ``total`` and a ``feedback`` column (one line per exercise, the
failing checks' feedback). An exercise a student did not submit is left empty. Everything is sorted, rendered from message keys, and free of times and absolute
paths: the same submissions give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from .result import fmt_points, tr

COLUMNS = ["student", "exercise", "check", "points", "max", "feedback"]


def rows(graded, lang: str = "en") -> list[dict]:
    out = []
    for sub, result in graded:
        for c in result.checks:
            out.append({"student": sub.student, "exercise": result.exercise, "check": c.id,
                        "points": fmt_points(c.points), "max": fmt_points(c.max_points),
                        "feedback": result.feedback(c, lang)})
        notes = ([tr(result.reason[0], lang, **result.reason[1])] if result.reason else []) + \
            [tr(k, lang, **p) for k, p in result.flags]
        out.append({"student": sub.student, "exercise": result.exercise, "check": "TOTAL",
                    "points": fmt_points(result.points), "max": fmt_points(result.max_points),
                    "feedback": " ".join(notes)})
    return out


def to_csv(graded, lang: str = "en") -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(graded, lang))
    return buf.getvalue()


def to_json(graded, lang: str = "en") -> str:
    subs = []
    for sub, result in graded:
        subs.append({
            "student": sub.student, "exercise": result.exercise, "source": sub.source,
            "title": tr(result.title_key, lang), "points": result.points, "max": result.max_points,
            "status": result.status, "log_digest": result.log_digest,
            "reason": tr(result.reason[0], lang, **result.reason[1]) if result.reason else None,
            "flagged": result.flagged, "flags": [tr(k, lang, **p) for k, p in result.flags],
            "checks": [{"check": c.id, "title": tr(c.title_key, lang), "points": c.points, "max": c.max_points,
                        "passed": c.passed, "feedback": result.feedback(c, lang)} for c in result.checks]})
    return json.dumps({"language": lang, "submissions": subs, "rows": rows(graded, lang)},
                      indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_lms_csv(graded, lang: str = "en") -> str:
    """One row per student, one column per exercise (points), the total, and the feedback."""
    exercises = sorted({r.exercise for _, r in graded})
    students: dict[str, dict] = {}
    for sub, result in graded:
        students.setdefault(sub.student, {})[result.exercise] = result
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student", *exercises, "total", "feedback"])
    for student in sorted(students):
        mine = students[student]
        notes = []
        for ex in exercises:
            r = mine.get(ex)
            if r is None:
                continue
            if r.reason:
                why = [tr(r.reason[0], lang, **r.reason[1])]
            else:
                why = [r.feedback(c, lang) for c in r.checks if not c.passed]
            head = f"{ex}: {fmt_points(r.points)}/{fmt_points(r.max_points)}"
            notes.append(head + (" — " + " ".join(why) if why else ""))
        total = round(sum(r.points for r in mine.values()), 2)
        writer.writerow([student, *[fmt_points(mine[ex].points) if ex in mine else "" for ex in exercises],
                         fmt_points(total), "\n".join(notes)])
    return buf.getvalue()


def feedback_files(graded, lang: str = "en") -> dict[str, str]:
    """``{file name: markdown}``, one file per student."""
    by_student: dict[str, list] = {}
    for sub, result in graded:
        by_student.setdefault(sub.student, []).append((sub, result))
    files = {}
    for student, items in sorted(by_student.items()):
        lines = [f"# {tr('grading.feedback.title', lang, student=student)}", ""]
        got = total = 0.0
        for sub, result in items:
            got += result.points
            total += result.max_points
            lines.append(f"## {tr('grading.feedback.exercise', lang, exercise=tr(result.title_key, lang), points=fmt_points(result.points), max=fmt_points(result.max_points))}")  # noqa: E501
            lines.append("")
            lines.append(f"`{sub.source}` — {result.exercise}")
            lines.append("")
            if result.reason:
                lines += [f"> {tr(result.reason[0], lang, **result.reason[1])}", ""]
            for key, params in result.flags:
                lines += [f"> {tr(key, lang, **params)}", ""]
            for c in result.checks:
                mark = "✔" if c.passed else "✘"
                lines.append(f"- {mark} **{tr(c.title_key, lang)}** — {fmt_points(c.points)}/{fmt_points(c.max_points)}")
                if not result.reason:
                    lines.append(f"  {result.feedback(c, lang)}")
            hints = result.hint_keys() if not result.reason else []
            if hints:
                lines += ["", f"{tr('grading.panel.hint_n', lang, n=1, text=tr(hints[0], lang))}"]
            lines.append("")
        lines.append(f"**{tr('grading.feedback.total', lang, points=fmt_points(round(got, 2)), max=fmt_points(round(total, 2)))}**")  # noqa: E501
        files[f"{_safe(student)}.md"] = "\n".join(lines) + "\n"
    return files


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "student"


def write_all(graded, out, lang: str = "en") -> None:
    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    (out / "gradebook.csv").write_text(to_csv(graded, lang), encoding="utf-8", newline="")
    (out / "gradebook.json").write_text(to_json(graded, lang), encoding="utf-8", newline="")
    (out / "lms.csv").write_text(to_lms_csv(graded, lang), encoding="utf-8", newline="")
    for name, text in feedback_files(graded, lang).items():
        (out / "feedback" / name).write_text(text, encoding="utf-8", newline="")
