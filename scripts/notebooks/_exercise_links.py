"""The last cell of every chapter notebook: links to that chapter's exercises and to the course home.

Kept apart from the chapter generators (``chNN.py``) so that their prose can change freely: the
generators' :func:`_nb.write` appends :func:`links_cell` for the notebook's chapter number. The
exercise list comes from the specs (``exercises/*.check.yaml``: ``id``, ``chapter``, ``title``), so a
new exercise appears at the end of its chapter without touching any generator. The course home
(``course.ipynb``, written by ``scripts/new_exercises.py``) lists every chapter and exercise.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from nbformat.v4 import new_markdown_cell

ROOT = Path(__file__).resolve().parents[2]


def exercises_by_chapter() -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for path in sorted((ROOT / "exercises").glob("*.check.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.setdefault(int(spec.get("chapter", 0)), []).append(
            {"id": spec["id"], "title": spec["title"], "notebook": spec.get("notebook", f"{spec['id']}.ipynb")})
    return out


def links_cell(chapter: int):
    """A markdown cell: this chapter's exercises (English and Korean), then the course home."""
    mine = exercises_by_chapter().get(chapter, [])
    if mine:
        items = "\n".join(f"* [{ex['title']['en']} · {ex['title']['ko']}](../exercises/{ex['notebook']})"
                          for ex in mine)
        text = (f"## Exercises · 실습\n\nPractise this chapter — graded, with hints · 이 장을 연습하세요 "
                f"(채점과 힌트 제공):\n\n{items}\n\n")
    else:
        text = ("## Exercises · 실습\n\nThis chapter has no graded exercise of its own · 이 장에는 채점 실습이 "
                "없습니다.\n\n")
    return new_markdown_cell(text + "Every chapter and exercise: [course home · 강의 홈](../course.ipynb)")
