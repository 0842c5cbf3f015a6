"""The Azure CLI's output formats: ``-o json|jsonc|yaml|yamlc|table|tsv|none`` and ``--query``.

As knack (the CLI's framework) prints a result:

* ``--query``: a JMESPath expression applied first (the ``jmespath`` library the CLI uses; objects
  it builds keep the query's key order);
* json: 2-space indent, keys sorted, non-ASCII kept; yaml: ``yaml.safe_dump``, keys sorted;
* table: each object's scalar fields that are not null (``id``, ``type`` and ``etag`` left out),
  keys sorted unless a query or the command's own table view chose them, the first letter
  capitalised, laid out by ``tabulate``'s "simple" format without number parsing — the library
  and settings the CLI uses; a command may bring its own table view (``az aks list -o table``);
* tsv: one line per object, values tab-separated in key order (sorted unless a query ordered
  them), a nested object as an empty field and a list as its length;
* none: nothing. A result of None prints nothing in any format.

Deliberate difference: ``jsonc``/``yamlc`` print as ``json``/``yaml`` (the CLI colours them).

>>> print(format_output([{"name": "rg", "location": "eastus", "tags": None}], "table"), end="")
Location    Name
----------  ------
eastus      rg
>>> format_output({"name": "rg", "tags": {}, "zones": [1, 2], "ok": True}, "tsv")
'rg\\tTrue\\t\\t2\\n'
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Callable

from .errors import QUERY_REFERENCE, AzError


def apply_query(result, query: str | None):
    if not query:
        return result
    import jmespath
    try:
        return jmespath.search(query, result, jmespath.Options(dict_cls=OrderedDict))
    except jmespath.exceptions.JMESPathError as exc:
        raise AzError(f"Invalid jmespath query supplied for `--query`: {exc}", 1, [QUERY_REFERENCE]) from exc


_SKIP_KEYS = ("id", "type", "etag")


def _table_row(item, sort_keys: bool) -> OrderedDict:
    row: OrderedDict = OrderedDict()
    if isinstance(item, dict):
        for key in (sorted(item) if sort_keys else item):
            value = item[key]
            if key in _SKIP_KEYS or value is None or isinstance(value, (list, dict, set)):
                continue
            row[key[:1].upper() + key[1:]] = value
    elif isinstance(item, list):
        for col, value in enumerate(item):
            row[f"Column{col + 1}"] = value
    else:
        row["Result"] = item
    return row


def format_table(result, transformer: Callable | None = None, query_active: bool = False) -> str:
    from tabulate import tabulate
    if transformer is not None and not query_active:
        result = transformer(result)
    rows = result if isinstance(result, list) else [result]
    sort_keys = not query_active and transformer is None
    data = [_table_row(item, sort_keys) for item in rows]
    text = tabulate(data, headers="keys", tablefmt="simple", disable_numparse=True) if data else ""
    if text == "\n":
        raise AzError("Table output unavailable. Use the --query option to specify an appropriate query. "
                      "Use --debug for more info.", 1)
    return text + "\n"


def _tsv_value(value) -> str:
    if isinstance(value, list):
        return str(len(value))
    if isinstance(value, dict):
        return ""
    return value if isinstance(value, str) else str(value)


def format_tsv(result) -> str:
    lines = []
    for row in (result if isinstance(result, list) else [result]):
        if isinstance(row, OrderedDict):
            lines.append("\t".join(_tsv_value(v) for v in row.values()))
        elif isinstance(row, dict):
            lines.append("\t".join(_tsv_value(v) for _, v in sorted(row.items())))
        elif isinstance(row, list):
            lines.append("\t".join(_tsv_value(v) for v in row))
        elif isinstance(row, bool):
            lines.append(str(row).lower())
        else:
            lines.append(_tsv_value(row))
    return "".join(line + "\n" for line in lines)


def format_output(result, output: str = "json", query: str | None = None,
                  table_transformer: Callable | None = None) -> str:
    result = apply_query(result, query)
    if result is None or output == "none":
        return ""
    if output in ("json", "jsonc"):
        return json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if output in ("yaml", "yamlc"):
        import yaml
        return yaml.safe_dump(json.loads(json.dumps(result)), default_flow_style=False, allow_unicode=True)
    if output == "table":
        return format_table(result, table_transformer, query_active=bool(query))
    if output == "tsv":
        return format_tsv(result)
    raise AzError(f"argument --output/-o: invalid choice: '{output}'", 2)
