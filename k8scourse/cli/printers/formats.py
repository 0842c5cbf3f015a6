"""The ``-o`` output formats of ``kubectl get`` other than the server-side table:
``json``, ``yaml``, ``name``, ``jsonpath`` / ``jsonpath-file`` / ``jsonpath-as-json``,
``custom-columns`` / ``custom-columns-file`` (``k8s.io/cli-runtime/pkg/printers`` and
``kubectl/pkg/cmd/get/customcolumn.go``).

:func:`format_objects` is the dispatcher. Like kubectl's ``printGeneric``, a single named object
(``kubectl get pod nginx``) is printed as itself; anything else is first wrapped in a ``List``
(``apiVersion: v1``, ``kind: List``, ``metadata.resourceVersion: ""``) — which is what ``-o json``,
``-o yaml`` and ``-o jsonpath`` then see.

* ``json``: ``json.MarshalIndent`` with 4 spaces, keys sorted, HTML-safe escapes (``<`` is
  ``\\u003c``), non-ASCII kept, one final newline.
* ``yaml``: see :mod:`.goyaml`.
* ``name``: ``pod/nginx``, ``deployment.apps/web`` (kind lower-cased, ``.group`` for non-core
  groups); with an *operation* ``pod/nginx created`` (what ``apply``/``create``/``delete`` print).
* ``custom-columns``: values rendered with Go's ``%v`` (strings raw, maps as ``map[k:v]``, lists as
  ``[a b]``), several results joined by ``,``, nothing found → ``<none>``; aligned with kubectl's
  table tab writer. Missing keys are always allowed.

>>> pods = [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nginx"},
...          "spec": {"nodeName": "node-1", "containers": [{"name": "a"}, {"name": "b"}]}},
...         {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "huge"},
...          "spec": {"containers": [{"name": "c"}]}}]
>>> print(format_objects(pods, "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,"
...                            "CONTAINERS:.spec.containers[*].name"), end="")
NAME    NODE     CONTAINERS
nginx   node-1   a,b
huge    <none>   c
>>> print(format_objects(pods, "name"), end="")
pod/nginx
pod/huge
>>> print(format_objects([], "yaml"), end="")
apiVersion: v1
items: []
kind: List
metadata:
  resourceVersion: ""
>>> format_objects(pods, "foo")
Traceback (most recent call last):
...
k8scourse.cli.printers.errors.OutputFormatError: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

from .errors import JSONPathError, OutputFormatError, PrinterError
from .gofmt import go_json, go_v
from .goyaml import to_yaml
from .jsonpath import JSONPath, print_jsonpath, relaxed_jsonpath
from .tabwriter import KUBECTL_GET, tabwrite

__all__ = ["format_objects", "format_json", "format_yaml", "format_name", "to_name", "as_list",
           "custom_columns", "custom_columns_from_template", "escape_terminal", "ALLOWED_FORMATS"]

ALLOWED_FORMATS = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json",
                   "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template",
                   "templatefile", "wide", "yaml")
_UNSUPPORTED = ("go-template", "go-template-file", "template", "templatefile")


def escape_terminal(s: str) -> str:
    """``printers.EscapeTerminal``: ``ESC`` → ``^[``, ``CR`` → ``\\r`` (kubernetes#101695)."""
    return s.replace("\x1b", "^[").replace("\r", "\\r")


def as_list(objects: Iterable[dict]) -> dict:
    """The ``List`` kubectl builds around several objects before printing them."""
    return {"apiVersion": "v1", "items": list(objects), "kind": "List",
            "metadata": {"resourceVersion": ""}}


def _items(obj: dict) -> list[dict]:
    if isinstance(obj.get("items"), list) and str(obj.get("kind", "")).endswith("List"):
        return obj["items"]
    return [obj]


def format_json(obj: Any, typed: bool = False) -> str:
    """``-o json`` of one object (or List); ``typed``: as kubectl prints an object it holds in a Go
    struct (keys in the struct's field order, :mod:`k8scourse.api.typed`) rather than in a map."""
    if typed:
        from ...api.typed import ordered
        return go_json(ordered(obj), indent="    ", sort_keys=False) + "\n"
    return go_json(obj, indent="    ") + "\n"


def format_yaml(obj: Any) -> str:
    """``-o yaml`` of one object (or List)."""
    return to_yaml(obj)


def _group_kind(obj: dict) -> tuple[str, str]:
    api_version = str(obj.get("apiVersion", ""))
    group = api_version.rsplit("/", 1)[0] if "/" in api_version else ""
    return group, str(obj.get("kind", ""))


def to_name(obj: dict) -> str:
    """``kind[.group]/name`` of one object, without a newline.

    >>> to_name({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nginx"}})
    'pod/nginx'
    """
    return format_name(obj).rstrip("\n")


def format_name(obj: dict, operation: str = "") -> str:
    """``-o name`` (``NamePrinter``): one ``kind[.group]/name`` line per object of ``obj``
    (a List prints each item), optionally followed by `` <operation>``.

    >>> format_name({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}, "created")
    'deployment.apps/web created\\n'
    """
    out = []
    for item in _items(obj):
        group, kind = _group_kind(item)
        name = (item.get("metadata") or {}).get("name", "")
        if not kind:
            raise PrinterError(f"missing kind for resource with name {name}")
        name = name or "<unknown>"          # kubectl's NamePrinter: an object without a name
        prefix = kind.lower() + ("." + group if group else "")
        out.append(f"{prefix}/{name}" + (f" {operation}" if operation else "") + "\n")
    return "".join(out)


def _column_value(jp: JSONPath, obj: dict) -> str:
    try:
        results = jp.find_results(obj)
    except JSONPathError as e:
        raise PrinterError(e.message) from None
    values = []
    if not results or not results[0]:
        values.append("<none>")
    for result in results:
        values.extend(escape_terminal(go_v(v)) for v in result)
    return ",".join(values)


def _print_columns(objects: Sequence[dict], columns: list[tuple[str, str]], no_headers: bool) -> str:
    parsers = []
    for _, spec in columns:
        try:
            parsers.append(JSONPath(spec, allow_missing_keys=True))
        except JSONPathError as e:
            raise PrinterError(e.reason) from None
    lines = []
    if not no_headers:
        lines.append("\t".join(h for h, _ in columns) + "\n")
    for obj in objects:
        for item in _items(obj):
            lines.append("\t".join(_column_value(p, item) for p in parsers) + "\n")
    return tabwrite("".join(lines), **KUBECTL_GET)


def custom_columns(spec: str, objects: Sequence[dict], *, file_spec: bool = False,
                   no_headers: bool = False) -> str:
    """``-o custom-columns=<HEADER>:<jsonpath>,...`` (``NewCustomColumnsPrinterFromSpec``) of
    ``objects`` (Lists are expanded); with ``file_spec`` the spec is the text of a
    ``custom-columns-file`` (see :func:`custom_columns_from_template`)."""
    if file_spec:
        return custom_columns_from_template(objects, spec)
    if not spec:
        raise OutputFormatError("custom-columns format specified but no custom columns given")
    columns = []
    for part in spec.split(","):
        header, sep, path = part.partition(":")
        if not sep:
            raise OutputFormatError(f"unexpected custom-columns spec: {part}, expected "
                                    "<header>:<json-path-expr>")
        columns.append((header, relaxed_jsonpath(path)))
    return _print_columns(objects, columns, no_headers)


def custom_columns_from_template(objects: Sequence[dict], template: str) -> str:
    """``-o custom-columns-file=<file>`` given the file's text: a line of headers and a line of
    field specs, whitespace-separated. (kubectl ignores ``--no-headers`` here, and so do we.)"""
    lines = template.splitlines()
    if not lines:
        raise OutputFormatError("invalid template, missing header line. Expected format is one line "
                                "of space separated headers, one line of space separated column specs.")
    if len(lines) < 2:
        raise OutputFormatError("invalid template, missing spec line. Expected format is one line "
                                "of space separated headers, one line of space separated column specs.")
    headers, specs = lines[0].split(), lines[1].split()
    if len(headers) != len(specs):
        raise OutputFormatError(f"number of headers ({len(headers)}) and field specifications "
                                f"({len(specs)}) don't match")
    return _print_columns(objects, [(h, relaxed_jsonpath(s)) for h, s in zip(headers, specs)], False)


def jsonpath_as_json(obj: Any, template: str, allow_missing_keys: bool = True) -> str:
    """``-o jsonpath-as-json``: each action's values as a JSON array (indented by four spaces)."""
    jp = JSONPath(template, allow_missing_keys)
    try:
        full = jp.find_results(obj)
    except JSONPathError:
        return print_jsonpath(obj, template, allow_missing_keys)   # raises the wrapped error
    return "".join(go_json(list(results), indent="    ") + "\n" for results in full)


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError as e:
        raise OutputFormatError(f"error reading template {path}, {e}\n") from None


def format_objects(objects: Sequence[dict], output: str, *, single_item: bool = False,
                   no_headers: bool = False, allow_missing_template_keys: bool = True) -> str:
    """Print ``objects`` the way ``kubectl get -o <output>`` does (``output`` as typed after
    ``-o``: ``yaml``, ``jsonpath={.x}``, ``custom-columns=A:.a``...).

    ``single_item`` is kubectl's *single item implied* (one resource named on the command line):
    the object is printed bare instead of inside a ``List``. Raises :class:`OutputFormatError`
    (unknown format, bad spec) or :class:`JSONPathError`; their ``.stderr`` is kubectl's text.
    ``""`` and ``wide`` are table formats: use :func:`~.table.print_table`."""
    fmt, eq, arg = output.partition("=")
    if single_item and len(objects) == 1:
        obj: Any = objects[0]
    else:
        obj = as_list(objects)
    if fmt == "json" and not eq:
        return format_json(obj)
    if fmt == "yaml" and not eq:
        return format_yaml(obj)
    if fmt == "name" and not eq:
        return format_name(obj)
    if fmt in ("jsonpath", "jsonpath-file", "jsonpath-as-json"):
        if not arg:
            raise OutputFormatError("template format specified but no template given")
        template = _read(arg) if fmt == "jsonpath-file" else arg
        try:
            JSONPath(template)
        except JSONPathError as e:
            raise JSONPathError(e.message) from None
        if fmt == "jsonpath-as-json":
            return jsonpath_as_json(obj, template, allow_missing_template_keys)
        return print_jsonpath(obj, template, allow_missing_template_keys)
    if fmt == "custom-columns":
        return custom_columns(arg, objects, no_headers=no_headers)
    if fmt == "custom-columns-file":
        if not arg:
            raise OutputFormatError("custom-columns format specified but no custom columns given")
        return custom_columns_from_template(objects, _read(arg))
    if fmt in _UNSUPPORTED:
        raise OutputFormatError(f'output format "{fmt}" (Go templates) is not supported by k8scourse')
    if fmt in ("", "wide") and not eq:
        raise OutputFormatError(f'output format "{output}" is a table format; use print_table')
    raise OutputFormatError(f'unable to match a printer suitable for the output format "{output}", '
                            f"allowed formats are: {','.join(ALLOWED_FORMATS)}")
