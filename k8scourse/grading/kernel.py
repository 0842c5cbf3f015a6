"""What the grader's last cell runs in the student's kernel: print the operation log and a digest.

The batch grader appends one cell to every submission::

    import k8scourse.grading.kernel as _k; _k.emit()

which stops the recorder and prints, between two marker lines, a JSON report: the exercise the
log was recorded for, the log, how many calls could not be recorded, and the digest of the
kernel's own state (:func:`k8scourse.grading.replay.digest`). The grader replays the log and
grades the replay; the digest is only compared, to flag state that did not come from the log.
"""

from __future__ import annotations

import json

BEGIN = "----- k8scourse operation log begin -----"
END = "----- k8scourse operation log end -----"


def report() -> dict:
    from .. import oplog
    from . import handle as _exercise
    rec = oplog.stop()
    ex = _exercise.active()
    if rec is None or ex is None or getattr(rec, "exercise", None) is None:
        return {"started": False}
    try:
        state = ex.state_digest()
    except Exception as exc:  # noqa: BLE001 - a broken kernel state is reported, not raised
        state = f"error: {type(exc).__name__}"
    return {"started": True, "exercise": rec.exercise, "log": rec.log(), "dropped": rec.dropped, "digest": state}


def emit() -> None:
    print(BEGIN)
    print(json.dumps(report(), sort_keys=True))
    print(END)


def parse(text: str) -> dict | None:
    """The report from a cell's output text (None when the markers are missing)."""
    if BEGIN not in text or END not in text:
        return None
    body = text.rsplit(BEGIN, 1)[1].split(END, 1)[0].strip()
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
