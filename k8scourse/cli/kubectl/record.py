"""The deprecated ``--record`` flag: the command line kept in ``kubernetes.io/change-cause``.

``kubectl rollout history`` shows a revision's ``CHANGE-CAUSE`` from this annotation. With
``--record`` (hidden since it was deprecated; pflag still warns ``Flag --record has been deprecated``)
the writing verbs — annotate, apply, autoscale, create, expose, label, patch, run, scale, set — put the
command that made the change on the object they write. kubectl rebuilds that line from its own
arguments: the program's base name, every non-flag word in order (the verb included), then each flag
in the order it was typed as ``--long-name=value`` (a bare boolean counts as ``=true``)::

    kubectl -n dev label cm app a=b -o name --record
    → "kubectl label cm app a=b --namespace=dev --output=name --record=true"

>>> from k8scourse.cli.flags import Flag
>>> change_cause("label", ["cm", "app", "a=b", "-lx=y", "--record"], (Flag("selector", "l", "string", ""),))
'kubectl label cm app a=b --selector=x=y --record=true'

Where the cause goes differs by verb, as in kubectl: label and annotate add it to their own patch,
patch and scale send a second merge patch after theirs, the creating verbs (create, run, expose,
autoscale, apply) put it on the object before it is sent — apply's last-applied configuration
therefore carries it too.
"""

from __future__ import annotations

from typing import Iterable

from ..flags import Flag
from .command import GLOBAL_FLAGS, Invocation

CHANGE_CAUSE = "kubernetes.io/change-cause"
_RECORD = Flag("record", "", "bool", False, "Record current kubectl command in the resource annotation (deprecated).")


def change_cause(command: str, words: list[str], flags: Iterable[Flag]) -> str:
    """The change cause of ``kubectl COMMAND WORDS…`` for a command with these flags."""
    known = [*GLOBAL_FLAGS, *flags, _RECORD]
    longs = {f.name: f for f in known}
    shorts = {f.short: f for f in known if f.short}
    args, typed = [command], []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":                    # everything after it is an argument
            args.extend(words[i:])
            break
        if not word.startswith("-") or word == "-":
            args.append(word)
            continue
        if word.startswith("--"):
            name, eq, value = word[2:].partition("=")
            flag = longs.get(name)
            if flag is None:
                continue
            if not eq:
                if flag.type == "bool" or flag.no_value is not None:
                    value = "true" if flag.type == "bool" else flag.no_value
                elif i < len(words):
                    value, i = words[i], i + 1
            typed.append(f" --{flag.name}={value}")
            continue
        letters = word[1:]                  # -it, -ojson, -o json, -n=dev
        while letters:
            flag = shorts.get(letters[0])
            if flag is None:
                break
            rest = letters[1:]
            if flag.type == "bool":
                typed.append(f" --{flag.name}=true")
                letters = rest
                continue
            if rest:
                value = rest[1:] if rest.startswith("=") else rest
            elif i < len(words):
                value, i = words[i], i + 1
            else:
                value = ""
            typed.append(f" --{flag.name}={value}")
            break
    return "kubectl " + " ".join(args) + "".join(typed)


def cause_of(inv: Invocation) -> str:
    """This invocation's change cause if ``--record`` is set, else ``""`` (worked out as the
    command line is parsed, with the command's own flags: see ``kubectl.Kubectl._run``)."""
    return inv.extra.get("change_cause", "") if inv.flags.get("record") else ""


def annotate(obj: dict, cause: str) -> dict:
    """Put ``cause`` on ``obj`` (in place) when there is one; returns ``obj``."""
    if cause and isinstance(obj, dict):
        metadata = obj.setdefault("metadata", {})
        if isinstance(metadata, dict):
            annotations = metadata.get("annotations")
            if not isinstance(annotations, dict):
                annotations = metadata["annotations"] = {}
            annotations[CHANGE_CAUSE] = cause
    return obj


def merge_patch(obj: dict, cause: str) -> dict | None:
    """kubectl's record merge patch for ``obj``: the change cause, or None when there is none or
    ``obj`` already carries it (patch and scale send it after their own write; label adds it to its own).

    >>> merge_patch({"metadata": {}}, "kubectl scale deploy/web --replicas=2 --record=true")
    {'metadata': {'annotations': {'kubernetes.io/change-cause': 'kubectl scale deploy/web --replicas=2 --record=true'}}}
    >>> merge_patch({"metadata": {"annotations": {CHANGE_CAUSE: "c"}}}, "c") is None
    True
    """
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    if not cause or annotations.get(CHANGE_CAUSE) == cause:
        return None
    return {"metadata": {"annotations": {CHANGE_CAUSE: cause}}}
