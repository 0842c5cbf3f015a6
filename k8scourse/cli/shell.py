r"""The student's own shell: command lines of ``kubectl``, ``az``, ``docker``, ``curl`` and ``sleep``
joined with pipes to the usual text tools — what a ``%%shell`` cell runs.

The simulator already has a POSIX-shell subset for containers (:mod:`k8scourse.runtime.shell`:
``;``, ``&&``, ``||``, ``|``, variables, ``$(…)``, ``$((…))``, loops, ``# comments``, quoting,
``>``/``>>`` redirections, and ``grep head tail wc sort uniq cut sed tr tee cat echo …``).
:class:`CommandShell` is that shell with the student's commands plugged in: each is a callable
``tool(args, stdin) -> CommandResult`` the caller hands over (the notebook's target's
``kubectl``, ``az``, ``docker``, ``curl``; a node's ``ip``/``crictl``), so this module needs no
front end of its own and never imports the notebook stack. Its stdout feeds the next command of a
pipe; its stderr goes to the screen.

It words its own errors as an interactive bash does: ``bash: foo: command not found`` (exit 127).
``sleep 30`` (also ``30s``, ``2m``, ``1h``) lets simulated time pass through ``advance(seconds)``.
``grep`` takes GNU grep's regular expressions (``^web``, ``-E 'a|b'``, ``-i -v -c -q -n -o -w``).
``awk`` is modelled as far as the one-liners people pipe ``kubectl get`` into (``'{print $1}'``,
``-F:``, ``NR>1``, ``/RE/``; :mod:`k8scourse.cli.awk`); other awk programs fail with a clear "not
modelled" error. A node's root shell is :mod:`k8scourse.cli.node_shell`.

Unlike the containers' shell it splits unquoted expansions into words (``for p in $(kubectl get pods
-o name)``), has ``export``, ``unset`` and ``read`` (``kubectl get pods -o name | while read p;
do …; done``) and here-documents (``cat <<EOF | kubectl apply -f -`` … ``EOF``; ``$VAR`` expands in
them unless the delimiter is quoted); ``kubectl apply -f web.yaml`` reads a file written in this
shell (``cat > web.yaml <<EOF``) before the real file system.

Deliberate differences: a command's stdout and stderr are written one after the other (stdout
first unless it started with an error), not interleaved line by line; a tool's output appears when
it finishes (``%kubectl get -w`` streams its rows; inside a cell the rows come at the end); no job
control — ``&`` runs in the foreground; ``sleep infinity`` stops the cell as Ctrl-C would.

>>> from k8scourse.result import CommandResult
>>> @plain
... def kubectl(args, stdin):
...     text = "NAME   READY\nweb    1/1\napi    0/1\n"
...     return CommandResult(text, text, "", 0)
>>> waited = []
>>> r = run_script("kubectl get pods | awk 'NR>1 {print $1}' | sort; sleep 2m; nope",
...                {"kubectl": kubectl}, advance=waited.append)
>>> print(r, end=""); r.exit_code, waited
api
web
bash: nope: command not found
(127, [120.0])
"""

from __future__ import annotations

import re
import shlex
from typing import Callable

from ..cloud.files import HOME     # the student's home directory, as in Azure Cloud Shell
from ..i18n import t
from ..result import CommandResult
from ..runtime.shell import Shell, toolset
from ..runtime import shell_parse as P
from .awk import awk, parse_awk

# ``<<EOF``, ``<<'EOF'``, ``<<"EOF"``, ``<<-EOF``: a here-document's start.
_HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][\w-]*)\2")

# A command the student's shell offers: (argv after the name, stdin text or None, sink) -> what it
# printed. ``sink`` is None when the output is captured (a pipe, ``$(…)``, a redirection); otherwise
# the tool writes everything it prints to ``sink`` — as it is written, when it can (``get -w``).
Tool = Callable[[list, "str | None", "Callable[[str], None] | None"], CommandResult]


class CommandShell(Shell):
    """An interactive bash of the student's machine: the text tools plus the plugged-in ``tools``
    (its hostname is the ``Azure`` of Cloud Shell's prompt, ``student@Azure:~$``)."""

    def __init__(self, tools: dict[str, Tool], env: dict | None = None, files: dict | None = None,
                 hostname: str = "Azure"):
        base = {"HOME": HOME, "USER": "student", "PWD": HOME, "SHELL": "/bin/bash"}
        super().__init__(env={**base, **(env or {})}, files=files, hostname=hostname, name="bash",
                         userland="bash", tools=frozenset({"awk"}))
        self.plug(tools)
        self._docs: dict[str, tuple[str, bool]] = {}      # here-documents: key -> (body, delimiter quoted)
        self.sink: Callable[[str], None] | None = None   # the screen, while a cell runs
        self.parent: CommandShell | None = None
        self.depth = 0                     # > 0 while this shell's output is being captured

    def plug(self, tools: dict[str, Tool]) -> None:
        """Make ``tools`` the student's commands (a notebook may switch from a cluster to a subscription)."""
        self.bridge = dict(tools)
        self.tools = toolset(self.userland, self.extras) - self.absent | set(self.bridge)

    def _sub(self, name: str) -> "CommandShell":
        # $(…) runs in a sub-shell that must keep the student's commands (the base class's would not)
        sub = CommandShell(self.bridge, self.vars, self.files, self.hostname)
        sub.name, sub.parent, sub.sink, sub._docs = name, self, self.sink, self._docs
        return sub

    def on_screen(self) -> bool:
        """Whether what a command prints now goes straight to the screen (no pipe, capture or redirection)."""
        return self.depth == 0 and (self.parent is None or self.parent.on_screen())

    def _capture(self, gen, sink: list):
        self.depth += 1
        try:
            return (yield from super()._capture(gen, sink))
        finally:
            self.depth -= 1

    def _capture_streams(self, gen, sink: list):
        self.depth += 1
        try:
            return (yield from super()._capture_streams(gen, sink))
        finally:
            self.depth -= 1

    def not_found(self, word: str):
        return self.err(f"bash: {word}: command not found")

    def command(self, argv: list[str]):
        name = argv[0]
        if name in self.bridge:
            return (yield from self._bridged(name, argv[1:]))
        return (yield from super().command(argv))

    # ------------------------------------------------------------------ here-documents
    def run(self, script: str):
        """Like the containers' shell, plus here-documents (``cat <<EOF | kubectl apply -f -``)."""
        return super().run(self._heredocs(script))

    def _heredocs(self, script: str) -> str:
        """Take each here-document's body out of ``script``; the command reads it as a file (``<``)."""
        out, lines, i = [], script.split("\n"), 0
        while i < len(lines):
            line = lines[i]
            i += 1
            markers = list(_HEREDOC.finditer(line))
            for m in reversed(markers):
                key = f"@heredoc-{len(self._docs) + markers.index(m)}"
                line = line[:m.start()] + f"< '{key}'" + line[m.end():]
            out.append(line)
            for m in markers:
                strip_tabs, quoted, delimiter = m.group(1) == "-", bool(m.group(2)), m.group(3)
                body = []
                while i < len(lines) and (lines[i].lstrip("\t") if strip_tabs else lines[i]) != delimiter:
                    body.append(lines[i].lstrip("\t") if strip_tabs else lines[i])
                    i += 1
                i += 1                               # the delimiter line
                self._docs[f"@heredoc-{len(self._docs)}"] = ("".join(b + "\n" for b in body), quoted)
        return "\n".join(out)

    def _read(self, path: str):
        doc = self._docs.get(path)
        if doc is None:
            return super()._read(path)
        text, quoted = doc
        return text if quoted else P.DOLLAR.sub(self._var, text)

    def _bridged(self, name: str, args: list[str]):
        stdin = "".join(line + "\n" for line in self.stdin) if self.stdin is not None else None
        if name == "kubectl":                        # a manifest written in this shell (cat > web.yaml <<EOF)
            args, stdin = self._own_manifest(args, stdin)
        yield ("sync", None)
        if self.sink is not None and self.on_screen():
            result = self.bridge[name](args, stdin, self.sink)
            yield ("shown", result)
            return result.exit_code
        result = self.bridge[name](args, stdin, None)
        for kind, text in _chunks(result):
            lines = text.split("\n")
            for line in lines[:-1]:
                yield (kind, line)
            if lines[-1]:                       # no newline at the end (curl -w '%{http_code}')
                yield (kind, lines[-1], "")
        return result.exit_code

    # ------------------------------------------------------------------ what a learner's bash adds
    def exec_node(self, node):
        # bash splits unquoted expansions into words (``for p in $(kubectl get pods -o name)``,
        # ``kubectl delete $PODS``); the containers' shell keeps them whole
        if node[0] == "simple" and node[2]:
            words = yield from self._split_words(node[2])
            node = (node[0], node[1], words, *node[3:])
            if not words and not node[1]:
                return 0
        elif node[0] == "for":
            words = yield from self._split_words(node[2])
            node = (node[0], node[1], words, node[3])
        return (yield from super().exec_node(node))

    def _split_words(self, words):
        """Expand ``words`` now; an unquoted expansion becomes as many words as it has fields."""
        out = []
        for word in words:
            text = yield from self.expand(word)
            unquoted = all(q in ("", "$(", "$((") for q, _ in word) and any(
                q in ("$(", "$((") or "$" in part for q, part in word)
            for field in (text.split() if unquoted else [text]):
                out.append([("'", field)])
        return out

    def c_export(self, args):
        for a in args:
            name, eq, value = a.partition("=")
            if eq and name.isidentifier():
                self.vars[name] = value
        return 0
        yield  # pragma: no cover

    def c_unset(self, args):
        for a in args:
            self.vars.pop(a, None)
        return 0
        yield  # pragma: no cover

    def c_read(self, args):
        names = [a for a in args if not a.startswith("-")] or ["REPLY"]
        if not self.stdin:
            return 1
        line = self.stdin.pop(0)
        fields = line.split(None, len(names) - 1) if len(names) > 1 else [line.strip()]
        for i, name in enumerate(names):
            self.vars[name] = fields[i] if i < len(fields) else ""
        return 0
        yield  # pragma: no cover

    def _own_manifest(self, args: list[str], stdin):
        for i, a in enumerate(args):
            flag, eq, value = a.partition("=")
            if flag in ("-f", "--filename") and (eq or i + 1 < len(args)):
                path = value if eq else args[i + 1]
                text = self.files.get(path) if path != "-" else None
                if text is not None:
                    rest = args[i + 1:] if eq else args[i + 2:]
                    return args[:i] + ["-f", "-"] + rest, text
        return args, stdin

    def c_sleep(self, args):
        if not args:
            yield self.err("sleep: missing operand")
            yield self.err("Try 'sleep --help' for more information.")
            return 1
        return (yield from super().c_sleep(args))

    def c_awk(self, args):
        sep, program, paths, i = None, None, [], 0
        while i < len(args):
            a = args[i]
            if a == "-F" and i + 1 < len(args):
                sep, i = args[i + 1], i + 2
                continue
            if a.startswith("-F") and len(a) > 2:
                sep = a[2:]
            elif program is None:
                program = a
            else:
                paths.append(a)
            i += 1
        if program is None:
            yield self.err("usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]")
            return 2
        try:
            rules = parse_awk(program)
        except ValueError:
            yield self.err(t("shell.awk_not_modelled", program=program))
            return 2
        lines, status = yield from self._lines_of(paths, "awk")
        for line in awk(rules, lines, sep):
            yield ("out", line)
        return status


# ---------------------------------------------------------------------- running a cell
def _chunks(result: CommandResult) -> list[tuple[str, str]]:
    """A captured result's streams in the order its text shows them (stdout first unless it began
    with the error), each whole: a tool's result does not keep how its writes interleaved."""
    out, err = result.stdout, result.stderr
    if err and not str(result).startswith(out or "\0"):
        return [("err", err), ("out", out)]
    return [("out", out), ("err", err)]


def plain(fn: Callable[[list, "str | None"], CommandResult]) -> Tool:
    """A :data:`Tool` from ``fn(args, stdin) -> CommandResult`` that cannot stream: its whole
    output goes to the sink when it is done."""
    def tool(args, stdin, sink=None):
        result = fn(args, stdin)
        if sink is not None:
            sink(str(result))
        return result
    return tool


def run_script(script: str, tools: dict[str, Tool], advance: Callable[[float], None],
               sink: Callable[[str], None] | None = None, shell: CommandShell | None = None) -> CommandResult:
    """Run ``script`` in a :class:`CommandShell` (``shell``, to keep variables and files between
    cells); ``advance(seconds)`` lets simulated time pass for ``sleep``; ``sink`` sees the output as
    it is written. Returns everything printed and the last command's exit status."""
    sh = shell if shell is not None else CommandShell(tools)
    sh.plug(tools)
    text: list[str] = []
    streams: dict[str, list[str]] = {"out": [], "err": []}

    def write(kind: str, chunk: str) -> None:
        text.append(chunk)
        streams[kind].append(chunk)
        if sink is not None:
            sink(chunk)

    sh.sink = sink if sink is not None else (lambda _text: None)
    gen = sh.run(script)
    status = None
    try:
        for step in gen:
            kind = step[0]
            if kind in ("out", "err"):
                write(kind, step[1] + ("" if len(step) > 2 else "\n"))
            elif kind == "shown":               # a tool wrote to the screen itself
                result = step[1]
                text.append(str(result))
                streams["out"].append(result.stdout)
                streams["err"].append(result.stderr)
            elif kind == "sleep":
                advance(step[1] / 1000)
            elif kind == "forever":
                write("err", t("shell.forever"))
                gen.close()
                status = 130
            elif kind == "fs":
                path, content, append = step[1], step[2], step[3]
                sh.files[path] = (sh.files.get(path, "") if append else "") + (content or "")
    except KeyboardInterrupt:
        gen.close()
        write("err", "^C\n")
        status = 130
    finally:
        sh.sink = None
    code = sh.status if status is None else status
    return CommandResult("".join(text), "".join(streams["out"]), "".join(streams["err"]), code)


def quote(args: list[str]) -> str:
    """A command line from argv (for front ends that take one string), as the shell would need it.

    >>> quote(["-w", "%{http_code}", "http://x"])
    "-w '%{http_code}' http://x"
    """
    return " ".join(shlex.quote(a) for a in args)


__all__ = ["CommandShell", "HOME", "Tool", "plain", "quote", "run_script"]
