"""The last cell of every chapter notebook: links to that chapter's exercises and to the course home.

Kept apart from the chapter generators (``chNN.py``) so that their prose can change freely: the
generators' :func:`_nb.write` appends :func:`links` for the notebook's chapter number, in English and
in Korean. The
exercise list comes from the specs (``exercises/*.check.yaml``: ``id``, ``chapter``, ``title``), so a
new exercise appears at the end of its chapter without touching any generator. The course home
(``course.ipynb``, written by ``scripts/new_exercises.py``) lists every chapter and exercise.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def exercises_by_chapter() -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for path in sorted((ROOT / "exercises").glob("*.check.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.setdefault(int(spec.get("chapter", 0)), []).append(
            {"id": spec["id"], "title": spec["title"], "notebook": spec.get("notebook", f"{spec['id']}.ipynb")})
    return out


def links(chapter: int) -> tuple[str, str]:
    """The last cell's text, English and Korean: this chapter's exercises, then the course home. The
    Korean notebooks sit one folder deeper and link the Korean exercise notebooks (``exercises/ko/``)."""
    mine = exercises_by_chapter().get(chapter, [])
    texts = []
    for lang, up, ex_dir in (("en", "..", "exercises"), ("ko", "../..", "exercises/ko")):
        items = "\n".join(f"* [{ex['title'][lang]}]({up}/{ex_dir}/{ex['notebook']})" for ex in mine)
        if lang == "en":
            head = (f"## Exercises\n\nPractise this chapter — graded, with hints:\n\n{items}\n\n" if mine else
                    "## Exercises\n\nThis chapter has no graded exercise of its own.\n\n")
            texts.append(head + f"Every chapter and exercise: [course home]({up}/course.ipynb)")
        else:
            head = (f"## 실습\n\n이 장을 연습하세요 (채점과 힌트 제공):\n\n{items}\n\n" if mine else
                    "## 실습\n\n이 장에는 채점 실습이 없습니다.\n\n")
            texts.append(head + f"모든 장과 실습: [강의 홈]({up}/course.ipynb)")
    return texts[0], texts[1]
