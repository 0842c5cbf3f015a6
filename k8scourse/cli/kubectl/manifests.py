"""Reading ``-f`` arguments: files, directories, ``-`` (standard input), YAML or JSON, many documents.

Models kubectl's resource builder: a directory contributes its ``.yaml``, ``.yml`` and ``.json``
files in name order (``-R`` descends into sub-directories); a file may hold several YAML documents
separated by ``---`` (each decoded on its own, lazily: the documents before a broken one are acted
on); a ``kind: List`` contributes its items; empty documents are skipped. Errors
use kubectl's words: ``the path "x.yaml" does not exist``, ``error parsing x.yaml: error converting
YAML to JSON: yaml: line 3: …``, ``Object 'Kind' is missing in '…'``.

>>> docs = parse_documents(Source("STDIN", "kind: Pod\\napiVersion: v1\\nmetadata: {name: a}\\n---\\n"))
>>> [d.object["metadata"]["name"] for d in docs]
['a']
>>> [first for _, first in split_yaml("a: 1\\n--- # next\\nb: 2\\n---\\n")]
[0, 2]
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Iterator


from ...api import gojson
from .. import yamljson
from .command import CommandError

_EXTENSIONS = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Source:
    name: str          # what kubectl calls it in messages: the path as typed, or "STDIN"
    text: str


@dataclass(frozen=True)
class Document:
    source: str
    object: dict


def read_sources(paths: list[str], recursive: bool = False, stdin: str | None = None,
                 cwd: str | None = None) -> list[Source]:
    sources: list[Source] = []
    for path in paths:
        if path == "-":
            sources.append(Source("STDIN", stdin or ""))
            continue
        if path.startswith(("http://", "https://")):
            raise CommandError(f'unable to read URL "{path}", server reported 0 : no network in the '
                               f'simulated environment')
        full = path if os.path.isabs(path) or cwd is None else os.path.join(cwd, path)
        if os.path.isdir(full):
            sources.extend(_read_dir(path, full, recursive))
        elif os.path.isfile(full):
            sources.append(Source(path, _read_text(path, full)))
        else:
            raise CommandError(f'the path "{path}" does not exist')
    return sources


def _read_text(shown: str, full: str) -> str:
    try:
        with open(full, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"error reading {shown}: {exc}") from None


def _read_dir(shown: str, full: str, recursive: bool) -> list[Source]:
    """The manifests of a directory, walked as Go's ``filepath.Walk`` walks it for kubectl: names in
    byte order, symbolic links never followed (a link to a directory is not descended, so ``-R``
    stays inside the tree it was given and a link loop ends nothing), sub-directories only with
    ``-R``. The walk comes first and its first error ends the command (``error reading "/": open
    /proc/1/fdinfo: permission denied``); then the files are read."""
    files: list[tuple[str, str]] = []
    pending = [(shown, full)]
    while pending:
        dir_shown, dir_full = pending.pop()
        try:
            names = sorted(os.listdir(dir_full), key=os.fsencode)
        except OSError as exc:
            raise CommandError(f'error reading "{shown}": {_go_path_error("open", dir_full, exc)}') from None
        below = []
        for entry in names:
            child_full, child_shown = os.path.join(dir_full, entry), os.path.join(dir_shown, entry)
            if os.path.isdir(child_full) and not os.path.islink(child_full):
                if recursive:
                    below.append((child_shown, child_full))
            elif entry.endswith(_EXTENSIONS):
                files.append((child_shown, child_full))
        # depth first in name order, as Walk goes: the first sub-directory is walked next
        pending.extend(reversed(below))
    # a directory's own files come before the files of its sub-directories only when they sort first:
    # Walk visits entries in one name-ordered pass, so order the paths the same way
    files.sort(key=lambda item: [os.fsencode(part) for part in item[1].split(os.sep)])
    return [Source(child_shown, _read_text(child_shown, child_full)) for child_shown, child_full in files]


def _go_path_error(op: str, path: str, exc: OSError) -> str:
    """Go's ``*PathError`` text: ``open /x: permission denied`` (errno's text, lower case)."""
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    return f"{op} {path}: {reason[:1].lower()}{reason[1:]}"


def _compact(doc) -> str:
    return json.dumps(doc, separators=(",", ":"), sort_keys=True, default=str)


def split_yaml(text: str) -> list[tuple[str, int]]:
    """apimachinery's YAMLReader: the documents of a stream, split at lines that start with ``---``
    (followed by nothing but spaces or a comment); each with the line it starts on."""
    chunks, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(keepends=True)):
        if line.startswith("---"):
            rest = line[3:].strip()
            if not rest or rest.startswith("#"):
                chunks.append(("".join(current), start))
                current, start = [], number + 1
                continue
        current.append(line)
    chunks.append(("".join(current), start))
    return [(chunk, first) for chunk, first in chunks if chunk.strip()]


def _yaml_document(source: Source, chunk: str):
    """One YAML document as kubectl decodes it (go-yaml on this document alone: its lines count from 1)."""
    try:
        return yamljson.load(chunk)
    except yamljson.YAMLError as exc:
        raise CommandError(f"error parsing {source.name}: error converting YAML to JSON: {exc}") from None


def _raw_documents(source: Source) -> Iterator:
    """kubectl's sniff: a stream starting with ``{`` is a JSON stream (Go's decoder, all values at
    once), anything else YAML documents decoded one at a time."""
    if gojson.looks_like_json(source.text):
        try:
            yield from gojson.iter_stream(source.text)
        except gojson.JSONError as exc:
            raise CommandError(f"error parsing {source.name}: {exc}") from None
        return
    for chunk, _ in split_yaml(source.text):
        yield _yaml_document(source, chunk)


def parse_documents(source: Source) -> Iterator[Document]:
    """The objects in one source, one document at a time: kubectl's builder decodes a stream
    lazily, so the documents before a broken one are acted on, then the error stops the stream."""
    for raw in _raw_documents(source):
        if raw is None or raw == {}:
            continue
        if not isinstance(raw, dict):
            raise CommandError(f'error validating "{source.name}": error validating data: invalid object '
                               f'to validate; if you choose to ignore these errors, turn validation off '
                               f'with --validate=false')
        raw = _jsonable(raw)
        for field in ("apiVersion", "kind"):
            value = raw.get(field)
            if value is not None and not isinstance(value, str):
                kind = {list: "array", dict: "object", bool: "bool"}.get(type(value), "number")
                raise CommandError(f'unable to decode "{source.name}": json: cannot unmarshal {kind} into '
                                   f'Go struct field .{field} of type string')
        if not raw.get("kind"):
            raise CommandError(f"unable to decode \"{source.name}\": Object 'Kind' is missing in "
                               f"'{_compact(raw)}'")
        if raw.get("kind") == "List" or (str(raw.get("kind", "")).endswith("List")
                                         and isinstance(raw.get("items"), list)):
            for item in raw.get("items") or []:
                if isinstance(item, dict) and item:
                    yield Document(source.name, item)
            continue
        yield Document(source.name, raw)


def _jsonable(value):
    """YAML may produce dates and other non-JSON scalars; the API sees them as strings."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
