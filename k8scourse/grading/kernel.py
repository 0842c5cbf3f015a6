"""What the grader's last cell runs in the student's kernel: print the operation log and a digest.

The batch grader appends one cell to every submission::

    import k8scourse.grading.kernel as _k; _k.emit()

which stops the recorder and prints, between two marker lines, a JSON report: the exercise the
log was recorded for, the log, how many calls could not be recorded, and the digest of the
kernel's own state (:func:`k8scourse.grading.replay.digest`). The grader replays the log and
grades the replay; the digest is only compared, to flag state that did not come from the log.

The report also carries the *identity* the grader gave the run (``K8SCOURSE_STUDENT`` and the
sha256 of the submitted file, ``K8SCOURSE_SUBMISSION``) and the digest of the log
(:func:`log_digest`), binding the log to that submission; the grader checks both.
"""

from __future__ import annotations

import hashlib
import json
import os

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
    log = rec.log()
    return {"started": True, "exercise": rec.exercise, "log": log, "dropped": rec.dropped, "digest": state,
            "identity": identity(), "log_digest": log_digest(log)}


def identity() -> dict:
    """Who ran this kernel, as the grader (or the hub: ``JUPYTERHUB_USER``) says."""
    return {"student": os.environ.get("K8SCOURSE_STUDENT") or os.environ.get("JUPYTERHUB_USER") or "",
            "submission": os.environ.get("K8SCOURSE_SUBMISSION", "")}


def log_digest(log) -> str:
    """sha256 of the log's canonical JSON: equal logs, equal digests (whoever ran them)."""
    return hashlib.sha256(json.dumps(log, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


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
