"""Reading an ``az`` command line the way the Azure CLI does: Python's ``argparse``, as the CLI's.

The CLI (knack on argparse) first guesses the command from the leading words — the longest run of
words that starts some command's name — and builds its parser tree only for that command (or, when
the words name no command, one command per next word: what the "misspelled" suggestions are drawn
from). Every command parser holds the command's real arguments, in the CLI's order, with argparse's
own behaviour: long options may be abbreviated to any unique prefix (``--generate-ssh-key``),
``--name=value`` and ``-nvalue`` work, lists take every value up to the next option. Its errors
are argparse's, as the CLI words them (exit code 2):

* a missing value, a bad number, an ambiguous prefix, a missing required argument — on the
  command's parser, followed by the examples the CLI's recommender picks (:mod:`.recommender`);
* ``az <command>: 'x' is not a valid value for '--opt'. Allowed values: …`` (declaration order),
  with ``Did you mean 'y' ?`` when a value is close;
* ``'creat' is misspelled or not recognized by the system.`` + ``Did you mean 'create' ?``;
* ``unrecognized arguments: …`` — raised by the root parser, which has no examples.

>>> from k8scourse.cli.az.reference import spec
>>> try:
...     parse(["aks", "scale", "-g", "rg", "-n", "c"], {"aks scale"})
... except AzError as exc:
...     print(exc.message)
the following arguments are required: --node-count/-c
>>> parse(["aks", "scale", "-g", "rg", "-n", "c", "--node-c", "2"], {"aks scale"}).values["node_count"]
2
"""

from __future__ import annotations

import argparse
import difflib
from dataclasses import dataclass, field

from . import reference
from .errors import QUERY_REFERENCE, AzError
from .recommender import parameter_names, recommend
from .reference import ArgSpec, CommandSpec

HOME = "/home/student"


class _CaseInsensitiveList(list):
    """Allowed values matched in any case (the CLI's enum arguments)."""

    def __contains__(self, other):
        return any(str(other).lower() == str(x).lower() for x in self)


# ---------------------------------------------------------------------------------------- value types
def lower(value: str) -> str:
    return value.lower()


def jmespath_type(value: str) -> str:
    import jmespath
    jmespath.compile(value)          # jmespath's errors are ValueErrors: argparse reports "invalid … value"
    return value


def file_type(value: str) -> str:
    return HOME + value[1:] if value.startswith("~") else value


def _key_value(message: str):
    def check(value: str) -> str:
        if "=" not in value:
            raise AzError(message, 1)   # not a ValueError: the CLI lets it through argparse as an error of its own
        return value
    return check


_TYPES = {
    "int": int, "float": float, "lower": lower, "jmespath_type": jmespath_type, "file_type": file_type,
    "_environment_variables_type": _key_value(
        "Incorrectly formatted environment settings. Argument values should be in the format a=b c=d"),
    "_secure_environment_variables_type": _key_value(
        "Incorrectly formatted secure environment settings. Argument values should be in the format a=b c=d"),
    "_config_map_type": _key_value(
        "Incorrectly formatted config map key-value pairs. Argument values should be in the format a=b c=d"),
}


# ---------------------------------------------------------------------------------------- actions
class _Help(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS)

    def __call__(self, parser, namespace, values, option_string=None):
        raise HelpRequested(parser)


class _Enum(argparse.Action):
    """An enum argument: the value is stored in the spelling of the allowed value it matches."""

    def __call__(self, parser, namespace, values, option_string=None):
        def canonical(v):
            return next((c for c in self.choices if str(c).lower() == str(v).lower()), v)
        setattr(namespace, self.dest, [canonical(v) for v in values] if isinstance(values, list) else canonical(values))


class _ThreeState(argparse.Action):
    """A flag that may also take ``true``/``false`` (the CLI's three-state flags)."""

    def __call__(self, parser, namespace, values, option_string=None):
        positive = str(self.choices[0]) if self.choices else "true"
        setattr(namespace, self.dest, (values or positive).lower() == positive.lower())


class _Ignored(argparse.Action):
    """An argument the CLI declares only to refuse it (``--cmd``)."""

    def __call__(self, parser, namespace, values, option_string=None):
        raise argparse.ArgumentError(None, f"unrecognized argument: {option_string} {values or ''}")


class _Ordered(argparse.Action):
    """``--set/--add/--remove`` of generic update commands: kept in the order given."""

    def __call__(self, parser, namespace, values, option_string=None):
        ordered = getattr(namespace, "ordered_arguments", None) or []
        ordered.append((option_string, values))
        setattr(namespace, "ordered_arguments", ordered)
        setattr(namespace, self.dest, list(getattr(namespace, self.dest, None) or []) + [values])


class _Flag(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        kwargs.pop("nargs", None)
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, True)


_STORE = {"_StoreAction", "SubscriptionNameOrIdAction", "ChangeReferenceAction", "AzureContainerStorageAction",
          "Action"}


def _add(parser: argparse.ArgumentParser, arg: ArgSpec) -> None:
    kwargs: dict = {"default": arg.default}
    if arg.choices is not None:
        kwargs["choices"] = _CaseInsensitiveList(arg.choices) if arg.case_insensitive else list(arg.choices)
    if arg.type in _TYPES:
        kwargs["type"] = _TYPES[arg.type]
    action = arg.action
    if action == "_HelpAction":
        parser.add_argument(*arg.options, action=_Help, dest="help")
        return
    if action == "_StoreTrueAction":
        kwargs.pop("choices", None)
        kwargs.pop("type", None)
        parser.add_argument(*arg.options, dest=arg.dest, action="store_true", default=arg.default,
                            required=arg.required)
        return
    if action == "AcquirePolicyTokenAction" or arg.nargs == 0:
        kwargs.pop("choices", None)
        parser.add_argument(*arg.options, dest=arg.dest, action=_Flag, default=arg.default)
        return
    cls = {"DefaultAction": _Enum, "ThreeStateAction": _ThreeState, "IgnoreAction": _Ignored,
           "OrderedArgsAction": _Ordered, "_AppendAction": "append"}.get(action, "store")
    if arg.nargs is not None:
        kwargs["nargs"] = arg.nargs
    if not arg.options:                     # a positional argument, named like knack names it
        parser.add_argument(arg.dest, metavar=f"<{arg.dest.upper()}>", action=cls, **kwargs)
        return
    parser.add_argument(*arg.options, dest=arg.dest, action=cls, required=arg.required, **kwargs)


# ---------------------------------------------------------------------------------------- the parser
class HelpRequested(Exception):
    def __init__(self, parser):
        super().__init__(parser.prog)
        self.parser = parser


class _ParserError(Exception):
    def __init__(self, parser, message: str):
        super().__init__(message)
        self.parser, self.message = parser, message


class _ChoiceError(Exception):
    def __init__(self, parser, action, value):
        super().__init__(value)
        self.parser, self.action, self.value = parser, action, value


class AzArgumentParser(argparse.ArgumentParser):
    """An argparse parser that reports its errors instead of printing them and exiting."""

    def __init__(self, *args, spec: CommandSpec | None = None, command: str | None = None, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.spec = spec                   # the recorded command (leaf parsers only)
        self.command = command             # "aks create" on a command's parser, None on groups and the root
        self.raw_arguments: list[str] | None = None
        self.parsed: argparse.Namespace | None = None
        self.specified: list[str] = []

    def error(self, message):
        raise _ParserError(self, message)

    def exit(self, status=0, message=None):
        raise _ParserError(self, message or "")

    def parse_known_args(self, args=None, namespace=None):
        self.raw_arguments = list(args or [])
        self.parsed, extras = super().parse_known_args(args, namespace)
        self.raw_arguments = extras
        return self.parsed, extras

    def _get_values(self, action, arg_strings):
        value = super()._get_values(action, arg_strings)
        if isinstance(action.dest, str) and not action.dest.startswith("_") and action.dest != "help":
            self.specified.append(action.dest)
        return value

    def _check_value(self, action, value):
        if action.choices is not None and value not in action.choices:
            raise _ChoiceError(self, action, value)


@dataclass
class Parsed:
    """A command line the parser accepted: the command, every argument's value, those typed."""
    command: str
    values: dict
    specified: list[str] = field(default_factory=list)
    spec: CommandSpec | None = None


@dataclass
class GroupHelp:
    """``-h`` on a command group (or the root, ``group == ""``)."""
    group: str


def resolve(words: list[str], registered: set[str]) -> tuple[str, list[str]]:
    """The CLI's first guess at the command (the leading words that start a command's name) and
    the command table it loads for it: that command alone, or one command per next word."""
    nouns = []
    for word in words:
        if not word or word.startswith("-"):
            break
        nouns.append(word)
    top = nouns[0].lower() if nouns else ""
    table = [n for n in reference.names(top) if top]
    table += [n for n in sorted(registered) if n.split()[0] == top and n not in table]
    if not table and top in reference.names(""):
        table = [top]                  # a real group whose commands were not recorded: not modelled
    # A word that is no top-level name loads no command at all: nothing to suggest.
    while nouns and not any(n.startswith(" ".join(nouns).lower()) for n in table):
        nouns.pop()
    command = " ".join(nouns).lower()
    if command in table:
        return command, [command]
    truncated, seen = [], set()
    for name in table:
        if command and not name.startswith(command):
            continue
        first = name[len(command):].strip().split(" ", 1)[0]
        if first not in seen:
            seen.add(first)
            truncated.append(name)
    return command, truncated


def _global_args() -> list[ArgSpec]:
    """The arguments of the root parser: help and the CLI's global options."""
    base = reference.spec("group list")
    keep = {"help", "_log_verbosity_verbose", "_log_verbosity_debug", "_log_verbosity_only_show_errors",
            "_output_format", "_jmespath_query"}
    return [a for a in base.args if a.dest in keep] if base else []


def build(table: list[str], registered: set[str]) -> AzArgumentParser:
    """The CLI's parser tree for a command table."""
    root = AzArgumentParser(prog="az")
    for arg in _global_args():
        _add(root, arg)
    subparsers = {(): root.add_subparsers(dest="_command_package", required=True)}
    for name in table:
        path = name.split()
        for depth in range(1, len(path)):
            key = tuple(path[:depth])
            if key not in subparsers:
                group = subparsers[key[:-1]].add_parser(key[-1])
                group.add_argument("-h", "--help", action=_Help, dest="help")
                subparsers[key] = group.add_subparsers(dest="_subcommand", required=True)
        parent = subparsers[tuple(path[:-1])]
        if path[-1] in parent.choices:
            continue
        spec = reference.spec(name) if name in registered else None
        leaf = parent.add_parser(path[-1], spec=spec, command=name)
        if spec is None:
            leaf.add_argument("-h", "--help", action=_Help, dest="help")
        for arg in (spec.args if spec else ()):
            _add(leaf, arg)
        leaf.set_defaults(command=name)
    return root


def _examples_of(prog: str) -> list[tuple[str, str]]:
    """The help examples of ``az <command>`` — none unless ``prog`` names a recorded command exactly."""
    name = prog[3:] if prog.startswith("az ") else ""
    found = reference.spec(name) if name else None
    return list(found.examples) if found else []


def _recovery_command(parser: AzArgumentParser, action=None) -> str:
    """The command name the CLI's recommender reasons about."""
    command = parser.prog[3:].strip()
    if parser.parsed is not None and getattr(parser.parsed, "command", None):
        command = parser.parsed.command
    elif action is not None and action.dest in ("_subcommand", "_command_package"):
        raw = parser.raw_arguments or []
        if raw and raw[0] not in set(parameter_names(raw)):
            command = f"{command} {raw[0]}"
    return command.strip()


def _recommended(parser: AzArgumentParser, examples_prog: str, action=None) -> list[tuple[str, str]]:
    command = _recovery_command(parser, action)
    return recommend(command, parser.raw_arguments or [], _examples_of(examples_prog), reference.spec(command))


def _error(exc: _ParserError) -> AzError:
    parser, message = exc.parser, exc.message
    if "--query" in message:
        return AzError(message, 2, [QUERY_REFERENCE])
    return AzError(message, 2, examples=_recommended(parser, parser.prog))


def _choice_error(exc: _ChoiceError) -> AzError:
    parser, action, value = exc.parser, exc.action, exc.value
    choices = [str(c) for c in action.choices]
    inferred = parser.prog
    if parser.command is None:             # a word of the command itself
        message = f"'{value}' is misspelled or not recognized by the system."
        candidates = difflib.get_close_matches(value, choices, cutoff=0.7)
        if candidates:
            words = parser.prog.split() + list(parser.raw_arguments or [])
            inferred = " ".join(candidates[0] if w == value else w for w in words).split("-", maxsplit=1)[0]
    else:
        option = action.option_strings[0] if action.option_strings else action.dest
        message = (f"{parser.prog}: '{value}' is not a valid value for '{option}'. "
                   f"Allowed values: {', '.join(choices)}.")
        candidates = difflib.get_close_matches(value, choices, cutoff=0.7)
    recommendations = [f"Did you mean '{candidates[0]}' ?"] if candidates else []
    return AzError(message, 2, recommendations, examples=_recommended(parser, inferred, action))


def expand_files(words: list[str], read) -> list[str]:
    """``@file`` arguments are replaced by the file's text (when there is such a file), as knack does."""
    out = []
    for word in words:
        if word.startswith("@"):
            text = read(word[1:])
            out.append(word if text is None else text)
        else:
            out.append(word)
    return out


def parse(words: list[str], registered: set[str]) -> Parsed | GroupHelp:
    """Parse a command line (without the leading ``az``); raises :class:`AzError` as the CLI would."""
    command, table = resolve(words, registered)
    words = list(words)
    for i in range(len(command.split()) if command else 0):
        words[i] = words[i].lower()
    root = build(table, registered)
    try:
        namespace = root.parse_args(words)
    except HelpRequested as exc:
        if exc.parser.command is not None:
            return Parsed(exc.parser.command, {"help": True}, [], exc.parser.spec)
        return GroupHelp(exc.parser.prog[3:].strip())
    except _ChoiceError as exc:
        raise _choice_error(exc) from None
    except _ParserError as exc:
        raise _error(exc) from None
    except argparse.ArgumentError as exc:       # an action's own refusal outside argparse's handling
        raise AzError(str(exc), 2) from None
    leaf = _find_leaf(root, namespace.command)
    values = {k: v for k, v in vars(namespace).items() if k not in ("command",)}
    return Parsed(namespace.command, values, list(leaf.specified) if leaf else [], leaf.spec if leaf else None)


def _find_leaf(root: AzArgumentParser, command: str) -> AzArgumentParser | None:
    parser = root
    for word in command.split():
        action = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
        if action is None or word not in action.choices:
            return None
        parser = action.choices[word]
    return parser
