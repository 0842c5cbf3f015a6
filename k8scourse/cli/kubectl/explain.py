"""``kubectl explain``: the documentation of a kind or of a field, from the API's OpenAPI schemas.

The schemas are the ones the API server validates with (and serves as ``/openapi/v3``); the text
has kubectl 1.32's plaintext layout: a ``GROUP``/``KIND``/``VERSION`` header, the ``FIELD`` line
for a field path, the description wrapped at kubectl's width, then the ``FIELDS`` with their types
(``<[]Container>``, ``<map[string]string>``, ``<ObjectMeta>``) and ``-required-`` marks, or with
``--recursive`` the whole tree of field names.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> print(c.kubectl("explain deploy.spec.paused", echo=False).stdout, end="")
GROUP:      apps
KIND:       Deployment
VERSION:    v1
<BLANKLINE>
FIELD: paused <boolean>
<BLANKLINE>
<BLANKLINE>
DESCRIPTION:
    Indicates that the deployment is paused.
<BLANKLINE>
<BLANKLINE>
>>> wrap("one two three", 8)
'one two\\nthree'
"""

from __future__ import annotations

from ...apiserver.validation.schema import _definitions
from ..flags import Flag
from .command import CommandError, Invocation, RawError, warn_shadowed

EXPLAIN_FLAGS = (
    Flag("recursive", "", "bool", False, "When true, print the name of all the fields recursively."),
    Flag("api-version", "", "string", "", "Use given api-version (group/version) of the resource."),
    Flag("output", "o", "string", "plaintext", "Format in which to render the schema."),
)

# kubectl wraps descriptions at this many columns (before indenting them)
_WRAP = 76
_INDEX: dict = {}


def wrap(text: str, limit: int) -> str:
    """Break ``text`` at spaces so that lines stay within ``limit`` columns where words allow (a
    word longer than the limit keeps a line of its own); existing line breaks and runs of spaces
    inside a line are kept."""
    lines = []
    for source in text.split("\n"):
        line, spaces, word = "", "", ""
        for ch in source + "\0":
            if ch == "\0" or ch in " \t":
                if word:
                    line, spaces, word = line + spaces + word, "", ""
                if ch != "\0":
                    spaces += ch
                continue
            word += ch
            if len(line) + len(spaces) + len(word) > limit and len(word) < limit and (line or spaces):
                lines.append(line)
                line, spaces = "", ""
        if spaces and not word and len(line) + len(spaces) <= limit:
            line += spaces
        lines.append(line)
    return "\n".join(lines)


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line for line in text.split("\n"))


def _by_gvk() -> dict:
    if not _INDEX:
        for name, schema in _definitions().items():
            for gvk in schema.get("x-kubernetes-group-version-kind") or []:
                _INDEX.setdefault((gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", "")), name)
    return _INDEX


def _ref_name(schema: dict) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _resolve(schema: dict) -> tuple[dict, str | None]:
    """The schema a ``$ref`` points at (and the definition's name), else the schema itself."""
    name = _ref_name(schema)
    if name is None:
        return schema, None
    return _definitions().get(name, {}), name


def _type_of(schema: dict) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if kind is None and "oneOf" in schema and not schema.get("properties"):
        return "string"          # IntOrString and Quantity are published as strings
    return kind


def type_guess(schema: dict) -> str:
    """How kubectl names a field's type: ``string``, ``[]Container``, ``map[string]string``, ``ObjectMeta``."""
    target, name = _resolve(schema)
    kind = _type_of(target)
    if kind == "array":
        return "[]" + type_guess(target.get("items") or {})
    if kind == "object" and isinstance(target.get("additionalProperties"), dict) and not target.get("properties"):
        return "map[string]" + type_guess(target["additionalProperties"])
    if kind and kind != "object":
        return kind
    if name:
        return name.rsplit(".", 1)[-1]
    return "Object"


def _element(schema: dict) -> tuple[dict, list[str]]:
    """The schema a field's documentation describes (array items and map values followed) and the
    descriptions met on the way."""
    descriptions = []
    seen = 0
    while seen < 16:
        seen += 1
        if schema.get("description"):
            descriptions.append(schema["description"])
        target, name = _resolve(schema)
        if name is not None:
            schema = target
            continue
        kind = _type_of(schema)
        if kind == "array" and isinstance(schema.get("items"), dict):
            schema = schema["items"]
            continue
        if kind == "object" and isinstance(schema.get("additionalProperties"), dict) \
                and not schema.get("properties"):
            schema = schema["additionalProperties"]
            continue
        break
    return schema, descriptions


def _field_lines(schema: dict) -> list[str]:
    required = set(schema.get("required") or [])
    out = []
    for name in sorted(schema.get("properties") or {}):
        prop = schema["properties"][name]
        mark = " -required-" if name in required else ""
        out.append(f"  {name}\t<{type_guess(prop)}>{mark}")
        out.append(_indent(wrap(prop.get("description") or "<no description>", _WRAP), 4))
        out.append("")
    return out


def _recursive_lines(schema: dict, depth: int, trail: tuple[str, ...]) -> list[str]:
    required = set(schema.get("required") or [])
    out = []
    for name in sorted(schema.get("properties") or {}):
        prop = schema["properties"][name]
        mark = " -required-" if name in required else ""
        out.append(f"{'  ' * depth}{name}\t<{type_guess(prop)}>{mark}")
        element, _ = _element(prop)
        ref = _element_ref(prop)
        if element.get("properties") and (ref is None or ref not in trail):
            out.extend(_recursive_lines(element, depth + 1, trail + ((ref,) if ref else ())))
    return out


def _element_ref(schema: dict) -> str | None:
    """The definition a field's element type is (for cutting cycles in ``--recursive``)."""
    for _ in range(16):
        name = _ref_name(schema)
        if name is not None:
            return name
        kind = _type_of(schema)
        if kind == "array" and isinstance(schema.get("items"), dict):
            schema = schema["items"]
        elif kind == "object" and isinstance(schema.get("additionalProperties"), dict):
            schema = schema["additionalProperties"]
        else:
            return None
    return None


def _kind_and_version(inv: Invocation, argument: str) -> tuple:
    """(kind info, definition name, field path) for ``pods.spec.containers`` or ``deployments.apps``.

    As kubectl resolves it: the first word names the resource (a short name expanded); of the
    resources it may mean, in priority order, the first whose ``plural.group`` begins the argument
    takes the rest as the field path, else the first one takes every further word — so
    ``events.events.k8s.io`` is the core Event's field path ``events.k8s.io``, and the newer group is
    reached with ``--api-version=events.k8s.io/v1``, which replaces the group and version.
    """
    parts = argument.rstrip(".").split(".")
    registry = inv.api.registry
    # kinds without a published schema (metrics.k8s.io) are not explained
    candidates = [i for i in registry.matches(parts[0]) if _by_gvk().get((i.group, i.version, i.kind))]
    if not candidates:
        raise RawError(f'the server doesn\'t have a resource type "{parts[0]}"')
    warn_shadowed(inv.api, parts[0])
    info, path = candidates[0], parts[1:]
    wanted = inv.flags.get("api-version") or ""
    if wanted:
        group, _, version = wanted.rpartition("/")
        info = registry.by_plural(info.plural, group) or info
        if info.group != group or wanted not in info.served_api_versions():
            raise CommandError(f'couldn\'t find resource for "{wanted}, Resource={info.plural}"')
    else:
        version = info.version
        for candidate in candidates:
            if argument.startswith(candidate.group_resource):
                info = candidate
                rest = argument[len(candidate.group_resource):]
                path = rest[1:].split(".") if rest else []
                break
    definition = _by_gvk().get((info.group, version, info.kind))
    if definition is None:
        raise CommandError(f'couldn\'t find resource for "{info.api_version}, Resource={info.plural}"')
    return info, version, definition, path


def run_explain(inv: Invocation) -> int:
    if not inv.args:
        raise CommandError('You must specify the type of resource to explain. Use "kubectl api-resources" '
                           'for a complete list of supported resources.')
    if len(inv.args) > 1:
        raise CommandError("We accept only this format: explain RESOURCE")
    output = inv.flags.get("output") or "plaintext"
    if output != "plaintext":
        raise CommandError(f"unrecognized format: {output}" if output != "plaintext-openapiv2"
                           else "--output=plaintext-openapiv2 is not modelled by the simulator")
    info, version, definition, path = _kind_and_version(inv, inv.args[0])
    header = (f"GROUP:      {info.group}\n" if info.group else "") + \
        f"KIND:       {info.kind}\nVERSION:    {version}\n\n"
    inv.out.out(header)
    schema = _definitions()[definition]
    descriptions = [schema.get("description") or ""]
    field_line = ""
    for step in path:
        element, _ = _element(schema) if field_line else (schema, [])
        props = element.get("properties") or {}
        if step not in props:       # kubectl names the path's last word, wherever it went wrong
            raise CommandError(f'field "{path[-1]}" does not exist')
        field = props[step]
        field_line = f"FIELD: {step} <{type_guess(field)}>\n\n\n"
        schema = field
    if field_line:
        schema, descriptions = _element(schema)
    text = [field_line + "DESCRIPTION:"]
    text.append(_indent(wrap("\n".join(descriptions) + "\n", _WRAP), 4))
    if schema.get("properties"):
        text.append("FIELDS:")
        if inv.flags.get("recursive"):
            text.extend(_recursive_lines(schema, 1, (_element_ref(schema) or definition,)))
        else:
            text.extend(_field_lines(schema))
    inv.out.out("\n".join(text) + "\n\n")
    return 0
