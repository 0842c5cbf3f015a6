"""YAML as kubectl reads it: sigs.k8s.io/yaml's YAML → JSON on go-yaml, with go-yaml's limits and words.

kubectl turns every YAML manifest into JSON with go-yaml (a Go port of libyaml), so its errors are
libyaml's sentences, and it refuses hostile documents before they can cost anything:

* **Error lines** as go-yaml prints them: ``yaml: line N: <problem>`` — for a *scanner* error N is
  the 1-based line of the problem; for a *parser* error go-yaml prints the mark's 0-based line (one
  less: ``did not find expected key`` on line 5 reads ``line 4``); a mark on the first line prints no
  line at all. libyaml (PyYAML's C loader) gives the same problems and marks.
* **Depth**: more than 10,000 nested collections → ``yaml: line N: exceeded max depth of 10000``
  (libyaml's own limit, 1,000 by default, is raised to go-yaml's).
* **Aliases**: go-yaml counts every node it decodes and those decoded through an alias; once more
  than 100 come from aliases, more than 1,000 in all, and the share from aliases exceeds 99 %
  (falling to 10 % for documents of 4 million nodes) it stops with ``yaml: document contains
  excessive aliasing`` — the "billion laughs" defence. The counts are made on the parse events,
  before anything is built, so a bomb costs nothing. An alias inside the collection its own
  anchor names (``a: &a [*a]``) is refused as go-yaml refuses it: ``yaml: anchor 'a' value
  contains itself``.
* A stream whose first character is ``{`` is JSON instead: :mod:`k8scourse.api.gojson`.

>>> load_all("a: 1\\n---\\nb: [x, y]\\n")
[{'a': 1}, {'b': ['x', 'y']}]
>>> load_all("kind: Pod\\nmetadata:\\n  name: x\\n spec: 1\\n")
Traceback (most recent call last):
...
k8scourse.cli.yamljson.YAMLError: yaml: line 3: did not find expected key
>>> bomb = "a: &a [x,x,x,x,x,x,x,x,x]\\n" + "".join(
...     f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\\n" for p, n in zip("abcd", "bcde"))
>>> load_all(bomb)
Traceback (most recent call last):
...
k8scourse.cli.yamljson.YAMLError: yaml: document contains excessive aliasing
>>> load_all("a: &a [1, *a]\\n")
Traceback (most recent call last):
...
k8scourse.cli.yamljson.YAMLError: yaml: anchor 'a' value contains itself
"""

from __future__ import annotations

import yaml

from .. import defaults
from ..api.gojson import deep_recursion

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)     # libyaml: go-yaml's own sentences, and fast


def _libyaml_allows_go_depth() -> bool:
    """libyaml stops at 1,000 nested collections by default; go-yaml allows 10,000. libyaml ≥ 0.2.5
    has ``yaml_set_max_nest_level`` for this (PyYAML does not wrap it, so it is called directly)."""
    if _Loader is yaml.SafeLoader:
        return False
    try:
        import ctypes
        import yaml._yaml as libyaml
        ctypes.CDLL(libyaml.__file__).yaml_set_max_nest_level(defaults.YAML_MAX_DEPTH)
    except (ImportError, OSError, AttributeError):
        return False
    return True


_GO_DEPTH = _libyaml_allows_go_depth()


class YAMLError(ValueError):
    """What go-yaml (or Go's JSON decoder) says; ``str()`` is the text after ``error converting YAML to JSON: ``."""


def _where(exc: yaml.MarkedYAMLError) -> str:
    """go-yaml's ``line N: `` prefix for an error (see the module text for the rule)."""
    mark, context = exc.problem_mark, getattr(exc, "context_mark", None)
    line = 0
    if mark is not None and mark.line != 0:
        line = mark.line + 1 if isinstance(exc, yaml.scanner.ScannerError) else mark.line
    elif context is not None and context.line != 0:
        line = context.line
    return f"line {line}: " if line else ""


def _alias_at(text: str, mark) -> str:
    """The name of the alias (``*name``) that starts at ``mark``."""
    rest = text[mark.index + 1:] if mark is not None else ""
    return rest[:next((i for i, ch in enumerate(rest) if ch in " \t\r\n,]}"), len(rest))]


def _allowed_alias_ratio(decoded: int) -> float:
    """go-yaml's ``allowedAliasRatio``: 99 % up to 400,000 nodes, 10 % from 4,000,000, linear between."""
    if decoded <= 400_000:
        return 0.99
    if decoded >= 4_000_000:
        return 0.10
    return 0.99 - 0.89 * (decoded - 400_000) / 3_600_000


def _check_events(events) -> None:
    """Depth and alias budget over one stream of parse events, as go-yaml counts them."""
    sizes: dict[str, int] = {}          # anchor -> nodes its value decodes into (aliases expanded)
    frames: list[list] = []             # open collections: [anchor, expanded size so far, ordinal]
    latest: dict[str, int] = {}         # anchor -> ordinal of the node that defined it last
    decoded = aliased = 0
    for ordinal, ev in enumerate(events):
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(frames) >= defaults.YAML_MAX_DEPTH:
                mark = ev.start_mark
                where = f"line {mark.line + 1}: " if mark is not None and mark.line else ""
                raise YAMLError(f"yaml: {where}exceeded max depth of {defaults.YAML_MAX_DEPTH}")
            decoded += 1
            frames.append([ev.anchor, 1, ordinal])
            if ev.anchor:               # go-yaml binds the anchor when the collection opens
                latest[ev.anchor] = ordinal
            continue
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size, _ = frames.pop()
        elif isinstance(ev, yaml.ScalarEvent):
            decoded += 1
            anchor, size = ev.anchor, 1
            if anchor:
                latest[anchor] = ordinal
        elif isinstance(ev, yaml.AliasEvent):
            # an alias inside the collection its anchor names would expand forever
            if any(f[2] == latest.get(ev.anchor) for f in frames):
                raise YAMLError(f"yaml: anchor '{ev.anchor}' value contains itself")
            expanded = sizes.get(ev.anchor, 0)
            decoded += 1 + expanded
            aliased += expanded
            if aliased > 100 and decoded > 1000 and aliased / decoded > _allowed_alias_ratio(decoded):
                raise YAMLError("yaml: document contains excessive aliasing")
            anchor, size = None, 1 + expanded
        else:
            continue
        if anchor:
            sizes[anchor] = size
        if frames:
            frames[-1][1] += size


def load_all(text: str) -> list:
    """The documents of a YAML stream, as Python values; :class:`YAMLError` in go-yaml's words."""
    loader = _Loader if _GO_DEPTH else yaml.SafeLoader
    if loader is yaml.SafeLoader:
        _check_flow_depth(text)                 # the pure-Python scanner is slow on deep flows: fail fast
    try:
        with deep_recursion(defaults.YAML_MAX_DEPTH):
            _check_events(yaml.parse(text, Loader=loader))
            return list(yaml.load_all(text, Loader=loader))
    except yaml.composer.ComposerError as exc:
        if str(exc.problem).startswith("found undefined alias"):     # go-yaml's composer says it so
            raise YAMLError(f"yaml: unknown anchor '{_alias_at(text, exc.problem_mark)}' referenced") from None
        raise YAMLError(f"yaml: {_where(exc)}{exc.problem}") from None
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):
            raise YAMLError(f"yaml: {_where(exc)}exceeded max depth of {defaults.YAML_MAX_DEPTH}") from None
        raise YAMLError(f"yaml: {_where(exc)}{exc.problem}") from None
    except yaml.reader.ReaderError:
        # libyaml's reader refuses non-printable characters (NUL, most C0 controls) in go-yaml's words
        raise YAMLError("yaml: control characters are not allowed") from None
    except yaml.YAMLError as exc:
        raise YAMLError(f"yaml: {exc}") from None


def _check_flow_depth(text: str) -> None:
    """A quick scan of flow brackets (outside quotes and comments): over the limit → go-yaml's error."""
    depth, line, quote = 0, 0, ""
    comment = False
    for i, ch in enumerate(text):
        if ch == "\n":
            line += 1
            comment = False
            continue
        if comment:
            continue
        if quote:
            if ch == quote and not (quote == '"' and i and text[i - 1] == "\\"):
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > defaults.YAML_MAX_DEPTH:
                where = f"line {line + 1}: " if line else ""
                raise YAMLError(f"yaml: {where}exceeded max depth of {defaults.YAML_MAX_DEPTH}")
        elif ch in "]}":
            depth = max(0, depth - 1)


def load(text: str):
    """The first document (None for an empty stream)."""
    docs = load_all(text)
    return docs[0] if docs else None
