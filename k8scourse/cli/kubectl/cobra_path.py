"""Which (sub)command a command line names, and the flags that command has (cobra's view).

kubectl is a tree of cobra commands: ``create deployment``, ``rollout status``, ``create service
clusterip``… Each has its own flags (plus the global ones, ``kubectl options``), and a flag error
names the command it happened in: ``Error: unknown flag: --foo`` / ``See 'kubectl rollout status
--help' for usage.`` The simulator parses each top-level verb with one flag set; this module finds
the subcommand the words name (aliases too: ``create deploy``, ``create svc``) and its flags, from
the ``--help`` texts recorded from kubectl 1.32 (``data/help.json``: their ``Options:`` and
``Aliases:`` sections).

>>> command_path("create", ["deploy", "web"])
'create deployment'
>>> command_path("create", ["service", "clusterip", "x"]), command_path("get", ["pods"])
('create service clusterip', 'get')
>>> "image" in flags_of("create deployment")[0], "from-literal" in flags_of("create deployment")[0]
(True, False)
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

# kubectl 1.32's global flags (``kubectl options``): every command has them.
GLOBAL_LONG = frozenset((
    "as", "as-group", "as-uid", "cache-dir", "certificate-authority", "client-certificate", "client-key",
    "cluster", "context", "disable-compression", "insecure-skip-tls-verify", "kubeconfig",
    "log-flush-frequency", "match-server-version", "namespace", "password", "profile", "profile-output",
    "request-timeout", "server", "tls-server-name", "token", "user", "username", "v", "vmodule",
    "warnings-as-errors", "help"))
GLOBAL_SHORT = frozenset(("n", "s", "v", "h"))

# The commands that still take the deprecated, hidden ``--record`` (absent from their help; probed
# with ``kubectl <command> --record=1 --help`` on kubectl 1.32). Setting it prints pflag's warning.
RECORD_PATHS = frozenset((
    "annotate", "apply", "apply edit-last-applied", "autoscale", "create", "edit", "expose", "label", "patch",
    "run", "scale", "set image", "set resources", "set selector", "set serviceaccount"))
RECORD_WARNING = "Flag --record has been deprecated, --record will be removed in the future"

_OPTION = re.compile(r"^    (?:-(\w), )?--([\w-]+)=", re.M)
_ALIASES = re.compile(r"^Aliases:\n(.+)$", re.M)


@lru_cache(maxsize=1)
def _helps() -> dict:
    """``kubectl <command> --help`` as the real kubectl 1.32 prints it (scripts/record_kubectl_help.py)."""
    return json.loads(resources.files(__package__).joinpath("data", "help.json").read_text(encoding="utf-8"))


def help_text(words: list[str]) -> str:
    """The help of the longest command path ``words`` starts with (``["create", "deployment", "x"]``
    is ``kubectl create deployment``'s); ``""`` when none is recorded."""
    helps = _helps()
    for end in range(len(words), -1, -1):
        key = " ".join(words[:end])
        if key in helps:
            return helps[key]
    return ""


@lru_cache(maxsize=1)
def _tree() -> tuple[dict, dict]:
    """(path → (long flags, short flags), path → {child word or alias: child path})."""
    helps = _helps()
    options: dict = {}
    children: dict = {}
    for path, text in helps.items():
        if not path:
            continue
        found = _OPTION.findall(text)
        options[path] = (frozenset(long for _, long in found), frozenset(short for short, _ in found if short))
        parent, _, word = path.rpartition(" ")
        names = {word}
        alias = _ALIASES.search(text)
        if alias:
            names.update(n.strip() for n in alias.group(1).split(","))
        for name in names:
            children.setdefault(parent, {})[name] = path
    return options, children


def command_path(name: str, words: list[str]) -> str:
    """The deepest recorded command the positional ``words`` after the verb ``name`` lead to."""
    _, children = _tree()
    path = name
    for word in words:
        child = children.get(path, {}).get(word)
        if child is None:
            break
        path = child
    return path


def flags_of(path: str) -> tuple[frozenset, frozenset] | None:
    """(long names, shorthand letters) of a recorded command's own flags, or None if not recorded."""
    return _tree()[0].get(path)


def sets_record(rest: list[str]) -> bool:
    """Whether the command line sets ``--record`` (to any value)."""
    for token in rest:
        if token == "--":
            return False
        if token == "--record" or token.startswith("--record="):
            return True
    return False


def words_of(rest: list[str], flagset) -> list[str]:
    """The positional words of a command line that did not parse (values of flags skipped)."""
    words, skip = [], False
    for token in rest:
        if skip:
            skip = False
            continue
        if token == "--":
            break
        if token.startswith("--") and len(token) > 2:
            flag = flagset.flags.get(token[2:])
            skip = "=" not in token and flag is not None and flag.type != "bool" and flag.no_value is None
        elif token.startswith("-") and len(token) > 1:
            flag = flagset.shorts.get(token[1])
            skip = len(token) == 2 and flag is not None and flag.type != "bool" and flag.no_value is None
        else:
            words.append(token)
    return words


def foreign(path: str, rest: list[str], flagset) -> str:
    """pflag's message for the first flag of ``rest`` the command ``path`` does not have ("" if none)."""
    known = flags_of(path)
    if known is None:
        return ""
    longs, shorts = known
    skip = False
    for token in rest:
        if skip:
            skip = False
            continue
        if token == "--":
            break
        if token.startswith("--") and len(token) > 2:
            name = token[2:].partition("=")[0]
            if name not in longs and name not in GLOBAL_LONG and not (name == "record" and path in RECORD_PATHS):
                return f"unknown flag: --{name}"
            flag = flagset.flags.get(name)
            skip = "=" not in token and flag is not None and flag.type != "bool" and flag.no_value is None
        elif token.startswith("-") and len(token) > 1:
            letter = token[1]
            if letter not in shorts and letter not in GLOBAL_SHORT:
                return f"unknown shorthand flag: '{letter}' in {token}"
            flag = flagset.shorts.get(letter)
            skip = len(token) == 2 and flag is not None and flag.type != "bool" and flag.no_value is None
    return ""
