"""``kubectl get`` without ``-o`` (or with ``-o wide``): printing the server-side ``Table``
(``meta.k8s.io/v1``) the way kubectl's ``HumanReadablePrinter`` / ``printTable`` /
``decorateTable`` do (``k8s.io/cli-runtime/pkg/printers/tableprinter.go``), including the
``--sort-by`` table sorter (``kubectl/pkg/cmd/get/sorter.go``) and ``get``'s handling of several
resource kinds (``kubectl/pkg/cmd/get/get.go``).

The API server decides the columns (see ``kubernetes-facts.md`` §6); this module only decorates and
aligns them:

* headers upper-cased; columns with ``priority > 0`` only with ``-o wide``; no header line at all
  when the table has no rows (kubectl then says ``No resources found`` on stderr — the caller's job);
* ``-A``: a ``NAMESPACE`` column first, from each row object's ``metadata.namespace``;
* ``-L key1,key2``: one column per key, headed by the key's last ``/`` segment upper-cased, value or
  empty; ``--show-labels``: ``LABELS`` last, ``k=v,k2=v2`` sorted by key or ``<none>``;
* cells: strings cut at the first newline/CR/form feed with ``...``, ``ESC`` shown as ``^[``;
  other values as Go's ``%v``; ``null`` as empty;
* ``--sort-by=<jsonpath>`` sorts each table's rows by the first value found in the row *object*:
  integers and floats numerically, two strings that both parse as quantities by value
  (``500Mi`` < ``1Gi``), other strings in natural order (``pod-9`` < ``pod-10``), rows without the
  field first; an error when no row has the field;
* several kinds (``kubectl get pods,svc``): one table per kind, each aligned on its own, separated by
  a blank line (not with ``--no-headers``), names prefixed ``pod/``, ``service/``,
  ``deployment.apps/``... when more than one kind has rows.

Deliberate differences: Go's ``sort.Sort`` is not stable, so kubectl orders rows with equal keys
arbitrarily — here they keep their input order; mixing integers and floats in ``--sort-by``
compares numerically instead of aborting; when no column is marked ``format: name`` the column
named ``Name`` gets the kind prefix.

>>> table = {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
...   "columnDefinitions": [{"name": "Name", "type": "string", "format": "name", "priority": 0},
...                         {"name": "Ready", "type": "string", "priority": 0},
...                         {"name": "IP", "type": "string", "priority": 1}],
...   "rows": [{"cells": ["web-10", "1/1", "10.244.0.7"],
...             "object": {"apiVersion": "v1", "kind": "Pod",
...                        "metadata": {"name": "web-10", "namespace": "default", "labels": {"app": "web"}}}},
...            {"cells": ["web-9", "0/1", "10.244.1.3"],
...             "object": {"apiVersion": "v1", "kind": "Pod",
...                        "metadata": {"name": "web-9", "namespace": "default"}}}]}
>>> print(print_table(table, wide=True, show_labels=True, sort_by=".metadata.name"), end="")
NAME     READY   IP           LABELS
web-9    0/1     10.244.1.3   <none>
web-10   1/1     10.244.0.7   app=web
>>> print(print_table(table, with_namespace=True, label_columns=["app"]), end="")
NAMESPACE   NAME     READY   APP
default     web-10   1/1     web
default     web-9    0/1
"""

from __future__ import annotations

import copy
import re
from typing import Any, Sequence

from ..gosort import go_sort
from .errors import JSONPathError, PrinterError
from .gofmt import go_quote, go_type_name, go_v, natural_less, parse_quantity
from .jsonpath import JSONPath, relaxed_jsonpath
from .tabwriter import KUBECTL_GET, TabWriter

__all__ = ["print_table", "format_labels", "sort_table_rows", "sort_objects", "group_kind_of"]

_BREAK = re.compile("[\f\n\r]")


def format_labels(labels: dict | None) -> str:
    """``labels.FormatLabels``: ``k=v`` pairs sorted by key, comma-joined; ``<none>`` if empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def group_kind_of(obj: dict | None) -> str:
    """``pod``, ``deployment.apps``: the lower-cased ``GroupKind`` kubectl prefixes names with."""
    if not obj or not obj.get("kind"):
        return ""
    api_version = str(obj.get("apiVersion", ""))
    group = api_version.rsplit("/", 1)[0] if "/" in api_version else ""
    return str(obj["kind"]).lower() + ("." + group if group else "")


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        m = _BREAK.search(cell)
        text = cell[:m.start()] if m else cell
        text = text.replace("\x1b", "^[").replace("\r", "\\r")
        return text + "..." if m else text
    return go_v(cell).replace("\x1b", "^[").replace("\r", "\\r")


# -- --sort-by ----------------------------------------------------------------------------------
class _Unsortable(Exception):
    pass


def _is_less(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is not None
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        raise _Unsortable(f"unsortable type: {go_type_name(a)}")
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a < b
    if isinstance(a, str) and isinstance(b, str):
        qa, qb = parse_quantity(a), parse_quantity(b)
        if qa is not None and qb is not None:
            return qa < qb
        return natural_less(a, b)
    raise _Unsortable("unsortable interface: interface")


def sort_table_rows(rows: list[dict], sort_by: str) -> list[dict]:
    """The rows of one table in ``--sort-by`` order (``TableSorter``); raises :class:`PrinterError`
    with kubectl's message when the path is invalid or found in no row object."""
    try:
        field = relaxed_jsonpath(sort_by)
    except JSONPathError:
        field = sort_by
    try:
        parser = JSONPath(field, allow_missing_keys=True)
    except JSONPathError as e:
        raise PrinterError(f"sorting error: {e.reason}") from None
    keyed = []
    for row in rows:
        try:
            results = parser.find_results(row.get("object"))
        except JSONPathError as e:
            raise PrinterError(f"Failed to get values for {field} ({e.reason})") from None
        found = bool(results and results[0])
        keyed.append((found, results[0][0] if found else None, row))
    if rows and not any(k[0] for k in keyed):
        raise PrinterError(f"couldn't find any field with path {go_quote(field)} in the list of objects")

    def less(x, y) -> bool:
        # TableSorter.Less: a row without the field sorts first (even before another without it)
        if not x[0]:
            return True
        if not y[0]:
            return False
        try:
            return _is_less(x[1], y[1])
        except _Unsortable as e:
            raise PrinterError(f"Field {field} in [][][]reflect.Value is an unsortable type: "
                               f"interface, err: {e}") from None
    # kubectl sorts with Go's sort.Sort: rows with equal keys end up where its algorithm leaves them
    return [k[2] for k in go_sort(keyed, less)]


def sort_objects(objects: Sequence[dict], sort_by: str) -> list[dict]:
    """``--sort-by`` for plain objects (kubectl's ``SortObjects``, used with ``-o yaml|json|name``):
    the same ordering as :func:`sort_table_rows`; like kubectl, zero or one object is returned
    unchecked (the "field not found" error needs at least two)."""
    objects = list(objects)
    if len(objects) <= 1:
        return objects
    return [r["object"] for r in sort_table_rows([{"object": o} for o in objects], sort_by)]


# -- decoration and layout ------------------------------------------------------------------------
def _per_table(value, n: int) -> list:
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError("per-table option needs one entry per table")
        return list(value)
    return [value] * n


def _group_lines(tables: list[dict], *, wide: bool, no_headers: bool, show_labels: bool,
                 label_columns: Sequence[str], with_namespace: bool, prefix: str,
                 writer: TabWriter | None = None) -> str:
    first = tables[0]
    columns = first.get("columnDefinitions") or []
    rows = [r for t in tables for r in (t.get("rows") or [])]
    if not rows:
        return ""
    visible = [i for i, c in enumerate(columns) if wide or not c.get("priority", 0)]
    name_col = None
    if prefix:
        for i, c in enumerate(columns):
            if c.get("format") == "name" and c.get("type", "string") == "string":
                name_col = i
                break
        else:
            name_col = next((i for i, c in enumerate(columns) if str(c.get("name", "")).lower() == "name"), None)
    lines = []
    if not no_headers:
        headers = [str(columns[i].get("name", "")).upper() for i in visible]
        if with_namespace:
            headers.insert(0, "NAMESPACE")
        headers += [key.split("/")[-1].upper() for key in label_columns]
        if show_labels:
            headers.append("LABELS")
        lines.append("\t".join(headers))
    for row in rows:
        cells = list(row.get("cells") or [])
        obj = row.get("object")
        meta = obj.get("metadata") if isinstance(obj, dict) else None
        if name_col is not None and name_col < len(cells):
            cells[name_col] = f"{prefix}/{_cell_text(cells[name_col])}"
        out = [_cell_text(cells[i]) for i in visible if i < len(cells)]
        if with_namespace:
            out.insert(0, str((meta or {}).get("namespace", "")) if meta is not None else "")
        labels = (meta or {}).get("labels") or {}
        out += [str(labels.get(key, "")) if meta is not None else "" for key in label_columns]
        if show_labels:
            out.append(format_labels(labels) if meta is not None else "")
        lines.append("\t".join(out))
    w = writer if writer is not None else TabWriter(**KUBECTL_GET)
    w.write("\n".join(lines) + "\n")
    return w.flush()


def print_table(table: dict | Sequence[dict], *, wide: bool = False, no_headers: bool = False,
                show_labels: bool = False, label_columns: Sequence[str] = (),
                with_namespace: bool | Sequence[bool] = False, sort_by: str | None = None,
                with_kind_prefix: bool | None = None, kinds: Sequence[str] | None = None,
                writer: TabWriter | None = None) -> str:
    """Print one Table, or several (one per resource kind, in order) as ``kubectl get`` does.

    ``with_namespace`` (``-A``) may be given per table — kubectl never adds ``NAMESPACE`` to
    cluster-scoped kinds. ``with_kind_prefix=None`` means: prefix names when more than one kind
    has rows (``--show-kind`` forces ``True``). ``kinds`` gives each table's group-kind prefix
    (``pod``, ``deployment.apps``); by default it comes from the row objects' ``apiVersion`` and
    ``kind``. Consecutive tables of the same kind share one header and one alignment, like the
    tables of ``kubectl get pod a b``. ``writer``: a tab writer kept across calls, whose remembered
    column widths keep the rows of ``kubectl get -w`` aligned with what was printed before."""
    tables = [table] if isinstance(table, dict) else list(table)
    n = len(tables)
    namespaces = _per_table(with_namespace, n)
    if kinds is None:
        kinds = [next((group_kind_of(r.get("object")) for r in (t.get("rows") or [])
                       if group_kind_of(r.get("object"))), "") for t in tables]
    kinds = list(kinds)
    if sort_by:
        tables = [dict(t, rows=sort_table_rows(list(t.get("rows") or []), sort_by)) for t in tables]
    if with_kind_prefix is None:
        with_kind_prefix = len({k for k, t in zip(kinds, tables) if t.get("rows")}) > 1
    # consecutive tables of one kind form one group (one printer, one flush)
    groups: list[tuple[str, bool, list[dict]]] = []
    for kind, ns, t in zip(kinds, namespaces, tables):
        if groups and groups[-1][0] == kind and groups[-1][1] == ns:
            groups[-1][2].append(t)
        else:
            groups.append((kind, ns, [t]))
    out = []
    for kind, ns, group in groups:
        text = _group_lines(copy.deepcopy(group), wide=wide, no_headers=no_headers,
                            show_labels=show_labels, label_columns=label_columns,
                            with_namespace=ns, prefix=kind if with_kind_prefix else "", writer=writer)
        if text and any(out) and not no_headers:
            out.append("\n")
        out.append(text)
    return "".join(out)
