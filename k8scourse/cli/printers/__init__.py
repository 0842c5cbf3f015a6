"""kubectl's client-side printers: how ``kubectl`` lays out what it prints.

* :mod:`.tabwriter` — Go's ``text/tabwriter`` (column alignment for ``get``, ``top``, ``describe``).
* :mod:`.table` — ``kubectl get`` tables from a server-side ``meta.k8s.io/v1`` Table.
* :mod:`.formats` — ``-o json|yaml|name|jsonpath|custom-columns`` (:mod:`.goyaml`, :mod:`.jsonpath`).
* :mod:`.gofmt` — Go's renderings of JSON values (``%v``, ``encoding/json``, natural sort order).

Errors are :class:`PrinterError` (and subclasses); ``err.stderr`` is the text kubectl prints.
"""

from .errors import JSONPathError, OutputFormatError, PrinterError
from .formats import (ALLOWED_FORMATS, as_list, custom_columns, custom_columns_from_template,
                      escape_terminal, format_json, format_name, format_objects, format_yaml,
                      to_name)
from .goyaml import to_yaml
from .jsonpath import JSONPath, jsonpath, parse_jsonpath, print_jsonpath, relaxed_jsonpath
from .table import format_labels, group_kind_of, print_table, sort_objects, sort_table_rows

to_json = format_json   # ``-o json`` of one object or List
from .tabwriter import KUBECTL_DESCRIBE, KUBECTL_GET, TabWriter, tabwrite

__all__ = [
    "PrinterError", "JSONPathError", "OutputFormatError",
    "TabWriter", "tabwrite", "KUBECTL_GET", "KUBECTL_DESCRIBE",
    "print_table", "format_labels", "group_kind_of", "sort_table_rows", "sort_objects",
    "format_objects", "format_json", "to_json", "format_yaml", "format_name", "to_name", "as_list",
    "custom_columns", "custom_columns_from_template", "escape_terminal", "ALLOWED_FORMATS",
    "to_yaml", "JSONPath", "parse_jsonpath", "print_jsonpath", "jsonpath", "relaxed_jsonpath",
]
