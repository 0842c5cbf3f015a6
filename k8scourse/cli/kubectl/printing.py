"""``-o`` output formats, shared by get, apply, create, run and friends.

The formats themselves live in :mod:`k8scourse.cli.printers`; this module picks one from the
``-o`` value the way kubectl's printer flags do and wraps several objects in a ``List``.
"""

from __future__ import annotations

from .command import CommandError, Invocation

FORMATS = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json",
           "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile",
           "wide", "yaml")


_TEMPLATES = ("go-template", "go-template-file", "template", "templatefile")
_TABLES = ("wide", "custom-columns", "custom-columns-file")


def check_output_format(output: str, allow_wide: bool = False) -> None:
    if not output:
        return
    base = output.split("=", 1)[0]
    # only get's printer flags have the table formats (wide, custom-columns); the others'
    # (create, apply, run, expose …) are the generic JSON/YAML, name and template printers
    if base in ("yaml", "json", "name", "jsonpath", "jsonpath-file", "jsonpath-as-json") + _TEMPLATES \
            or (allow_wide and base in ("wide", "custom-columns", "custom-columns-file")):
        return
    allowed = ",".join(FORMATS if allow_wide else tuple(f for f in FORMATS if f not in _TABLES))
    raise CommandError(f'unable to match a printer suitable for the output format "{output}", '
                       f'allowed formats are: {allowed}')


def as_list(objects: list[dict]) -> dict:
    return {"apiVersion": "v1", "items": objects, "kind": "List", "metadata": {"resourceVersion": ""}}


def format_objects(inv: Invocation, objects: list[dict], output: str, single: bool | None = None,
                   typed: bool = False) -> str:
    """Render ``objects`` with a non-table ``-o`` format; ``single`` prints one object unwrapped.

    ``typed``: the command holds its objects in Go structs (generators, ``events``), so ``-o json``
    writes their fields in declaration order instead of sorted."""
    import k8scourse.cli.printers as printers

    if single is None:
        single = len(objects) == 1
    base, _, arg = output.partition("=")
    if base in ("yaml", "json") and not inv.flags.get("show-managed-fields"):
        # kubectl hides metadata.managedFields in yaml/json output unless --show-managed-fields
        objects = [_without_managed_fields(o) for o in objects]
    subject = objects[0] if single else as_list(objects)
    if base == "yaml":
        return printers.to_yaml(subject)
    if base == "json":
        return printers.to_json(subject, typed=typed)
    if base == "name":
        return "".join(printers.to_name(o) + "\n" for o in objects)
    if base in ("jsonpath", "jsonpath-file", "jsonpath-as-json"):
        template = _read_arg(inv, base, arg)
        try:
            if base == "jsonpath-as-json":
                from ..printers.formats import jsonpath_as_json
                return jsonpath_as_json(subject, template)
            return printers.jsonpath(template, subject)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    if base in _TEMPLATES:
        from ..printers.gotemplate import TemplateExecError, TemplateParseError, debug_dump, execute
        if not arg and inv.flags.get("template"):
            arg = inv.flags["template"]
        template = _read_arg(inv, "go-template-file" if base.endswith("file") else "jsonpath", arg)
        try:
            return execute(template, subject)
        except TemplateParseError as exc:
            raise CommandError(f"error parsing template {template}, {exc}") from None
        except TemplateExecError as exc:
            inv.out.out(exc.printed + debug_dump(template, subject, exc))
            raise CommandError(f'error executing template "{template}": {exc}') from None
        except ValueError as exc:
            raise CommandError(f'error executing template "{template}": {exc}') from None
    if base in ("custom-columns", "custom-columns-file"):
        spec = _read_arg(inv, base, arg)
        try:
            return printers.custom_columns(spec, objects, file_spec=(base == "custom-columns-file"),
                                           no_headers=bool(inv.flags.get("no-headers")))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    check_output_format(output)
    return ""


def _without_managed_fields(obj: dict) -> dict:
    md = obj.get("metadata") if isinstance(obj, dict) else None
    if not isinstance(md, dict) or "managedFields" not in md:
        return obj
    obj = dict(obj)
    obj["metadata"] = {k: v for k, v in md.items() if k != "managedFields"}
    return obj


def _read_arg(inv: Invocation, base: str, arg: str) -> str:
    if not arg:
        if base.startswith("jsonpath"):
            raise CommandError("template format specified but no template given")
        raise CommandError("custom-columns format specified but no custom columns given")
    if base.endswith("-file"):
        import os
        path = arg if os.path.isabs(arg) or not inv.extra.get("cwd") else os.path.join(inv.extra["cwd"], arg)
        try:
            with open(path, encoding="utf-8") as fh:
                return fh.read()
        except OSError:
            raise CommandError(f"error reading template {arg}, open {arg}: no such file or directory") from None
    return arg
