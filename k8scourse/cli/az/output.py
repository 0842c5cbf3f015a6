"""The Azure CLI's output formats: ``-o json|jsonc|yaml|yamlc|table|tsv|none`` and ``--query``.

* json (the default): 2-space indented, keys sorted, non-ASCII kept — as knack prints results;
* table: the top-level scalar fields of each object that are not null (``id``, ``type`` and ``etag``
  are left out, as knack does), headers from the field names with the first letter capitalised
  (``resourceGroup`` → ``ResourceGroup``), a dashed rule under the header, columns separated by two
  spaces; a command may provide its own table transformer (``az aks list -o table``
  shows its own columns);
* tsv: scalar values separated by tabs, one object per line, no header;
* yaml: a YAML document; none: nothing;
* ``--query``: a JMESPath expression applied to the result first (the ``jmespath`` library, which is
  what the Azure CLI itself uses).

>>> print(format_output([{"name": "rg", "location": "eastus", "tags": None}], "table"), end="")
Name    Location
------  ----------
rg      eastus
"""

from __future__ import annotations

import json
from typing import Callable

from .framework import AzError


def apply_query(result, query: str | None):
    if not query:
        return result
    import jmespath
    try:
        return jmespath.search(query, result)
    except jmespath.exceptions.JMESPathError as exc:
        raise AzError(f"argument --query: invalid jmespath_type value: {query!r}", 2) from exc


_SKIP_KEYS = ("id", "type", "etag")


def _scalar_columns(rows: list[dict]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        for key, value in row.items():
            if key in _SKIP_KEYS or value is None or isinstance(value, (dict, list)):
                continue
            if key not in columns:
                columns.append(key)
    return columns


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    return str(value)


def _header(key: str) -> str:
    return key[:1].upper() + key[1:]


def format_table(result, transformer: Callable | None = None) -> str:
    if transformer is not None:
        result = transformer(result)
    rows = result if isinstance(result, list) else [result]
    rows = [r if isinstance(r, dict) else {"Result": r} for r in rows if r is not None]
    if not rows:
        return ""
    columns = _scalar_columns(rows)
    headers = [_header(c) for c in columns]
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    numeric = [all(isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool)
                   for r in rows if r.get(c) is not None) for c in columns]
    # tabulate's "simple" format, which knack uses: headers get at least two spaces of padding,
    # numbers are right-aligned.
    widths = [max([len(h) + 2] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]

    def line(values, header=False):
        parts = [v.rjust(w) if num and not header else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return "  ".join(parts).rstrip()

    lines = [line(headers, header=True), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in cells]
    return "\n".join(lines) + "\n"


def format_tsv(result) -> str:
    rows = result if isinstance(result, list) else [result]
    lines = []
    for row in rows:
        if isinstance(row, dict):
            lines.append("\t".join(_cell(v) for v in row.values() if not isinstance(v, (dict, list))))
        elif isinstance(row, list):
            lines.append("\t".join(_cell(v) for v in row))
        elif row is not None:
            lines.append(_cell(row))
    return "".join(line + "\n" for line in lines)


def format_output(result, output: str = "json", query: str | None = None,
                  table_transformer: Callable | None = None) -> str:
    result = apply_query(result, query)
    if output == "none" or (result is None and output != "json"):
        return ""
    if result is None:
        return ""
    if output in ("json", "jsonc"):
        return json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if output in ("yaml", "yamlc"):
        import yaml
        return yaml.safe_dump(result, default_flow_style=False, allow_unicode=True, sort_keys=True)
    if output == "table":
        return format_table(result, table_transformer if query is None else None)
    if output == "tsv":
        return format_tsv(result)
    raise AzError(f"argument --output/-o: invalid choice: '{output}'", 2)
