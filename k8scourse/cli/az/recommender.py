"""Which help examples the Azure CLI shows after an argument error (its "command recommender").

The CLI takes every example of the command's help and sorts them: examples of another command
last, then by how many of their parameters the student typed too, then by fewest parameters; ties
keep the help's order. It shows the first three. Parameters are compared by their long names
(``-g`` counts as ``--resource-group``: each option maps to the longest option of its argument),
and parameters the command does not know are ignored.

>>> from k8scourse.cli.az.reference import spec
>>> examples = [("az aks scale --name C --node-count 3 --resource-group G", "Scale."),
...             ("az aks scale -g G -n C", "Short.")]
>>> [d for _, d in recommend("aks scale", ["-c", "x"], examples, spec("aks scale"))]
['Scale.', 'Short.']
>>> [d for _, d in recommend("aks scale", [], examples, spec("aks scale"))]
['Short.', 'Scale.']
"""

from __future__ import annotations

from .reference import CommandSpec

# Options every command knows; their normal form is themselves (the CLI's defaults).
_DEFAULT_MAPPINGS: dict[str, str | None] = {
    "-h": "--help", "-o": "--output", "--only-show-errors": None, "--help": None, "--output": None,
    "--query": None, "--debug": None, "--verbose": None, "--yes": None, "--no-wait": None,
}


def parameter_names(args: list[str]) -> list[str]:
    """The option names among raw arguments (``--name=x`` → ``--name``, ``-gRG`` → ``-g``)."""
    return [(a.split("=", 1)[0] if a.startswith("--") else a[:2]) for a in args
            if a.startswith("-") and not a.startswith("---") and len(a) > 1]


def mappings(command: CommandSpec | None) -> dict[str, str | None]:
    """Each option of the command → the longest option of its argument."""
    found = dict(_DEFAULT_MAPPINGS)
    for arg in (command.args if command else ()):
        if not arg.options or arg.dest == "help":
            continue
        ordered = sorted(arg.options, key=len, reverse=True)
        for option in ordered[1:]:
            found[option] = ordered[0]
        found[ordered[0]] = ordered[0]
    return found


def _normalize(args: list[str], table: dict[str, str | None]) -> list[str]:
    return sorted((table.get(p) or p) for p in parameter_names(args) if p in table)


def recommend(command: str, typed: list[str], examples, spec: CommandSpec | None, limit: int = 3):
    """The examples the CLI shows for ``az <command>`` typed with the raw arguments ``typed``.

    ``spec`` is the command whose options normalise parameter names: the command itself when
    ``command`` names one, None otherwise (then only the options every command has count).
    """
    table = mappings(spec)
    target = _normalize(typed, table)
    scored = []
    for example in examples:
        params = _normalize(example[0].split(" "), table)
        if example[0].startswith(f"az {command}"):
            matches = sum(1 for p in params if p in target)
        else:
            matches = -1
        scored.append((matches, -len(params), example))
    # reverse=True keeps the help's order among equal keys, as the CLI's sort does
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [example for _, _, example in scored[:limit]]
