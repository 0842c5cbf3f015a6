"""The plumbing every kubectl command shares: its invocation, errors, and resource arguments.

A command handler receives an :class:`Invocation` — the parsed flags, the positional arguments,
the cluster of the current context and an output collector — and either writes its output or
raises :class:`CommandError` (printed as ``error: …``) or an :class:`~k8scourse.errors.APIError`
(printed as ``Error from server (…): …``). Either way the exit code is 1, as kubectl's.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ...api.kinds import KindInfo
from ...errors import APIError, K8sCourseError
from ..flags import Flag, FlagSet
from ...result import Output

if TYPE_CHECKING:  # pragma: no cover
    from ...apiserver import APIServer


class CommandError(K8sCourseError):
    """A client-side error. ``str`` is the text kubectl prints (``error: `` added if missing)."""

    def __init__(self, message: str, exit_code: int = 1, usage_of: str = ""):
        super().__init__(message)
        self.exit_code = exit_code
        self.usage_of = usage_of        # command name → adds "See 'kubectl X --help' for usage."

    def text(self) -> str:
        msg = str(self)
        if not msg.startswith("error: ") and not msg.startswith("Error"):
            msg = "error: " + msg
        if not msg.endswith("\n"):
            msg += "\n"
        if self.usage_of:
            msg += f"See 'kubectl {self.usage_of} --help' for usage.\n"
        return msg


class RawError(CommandError):
    """An error kubectl prints without the ``error: `` prefix (its REST mapper's, a connection failure)."""

    def text(self) -> str:
        return str(self) + "\n"


def unknown_subcommand(group: str, words: list[str]) -> RawError:
    """What a command group (``rollout``, ``config``, ``create service`` …) says of a subcommand it
    does not have: every remaining word, quoted together."""
    return RawError(f'error: unknown command "{" ".join(words)}"\nSee \'kubectl {group} -h\' for help and examples')


def foreign_flag(inv: "Invocation", group: str) -> RawError | None:
    """A group command (``create secret``, ``create service``…) that found no subcommand parses the
    command line with its own flags, the global ones: the first other flag is cobra's unknown flag."""
    names = {f.name for f in GLOBAL_FLAGS}
    shorts = {f.short for f in GLOBAL_FLAGS if f.short}
    for arg in inv.extra.get("argv") or []:
        if arg == "--":
            break
        if arg.startswith("--") and len(arg) > 2:
            name = arg[2:].partition("=")[0]
            if name not in names:
                return RawError(f"Error: unknown flag: --{name}\nSee 'kubectl {group} --help' for usage.")
        elif arg.startswith("-") and len(arg) > 1 and arg[1] not in shorts:
            return RawError(f"Error: unknown shorthand flag: '{arg[1]}' in {arg}\n"
                            f"See 'kubectl {group} --help' for usage.")
    return None


@dataclass
class Invocation:
    command: str
    args: list[str]
    flags: dict
    cluster: Any
    namespace: str
    explicit_namespace: bool
    out: Output
    stdin: str | None = None
    context_name: str = ""
    kubectl: Any = None
    extra: dict = field(default_factory=dict)
    user: Any = None                # the authenticated (or impersonated) UserInfo of this command

    @property
    def api(self) -> "APIServer":
        """The API server as this command's user reaches it: every call is authorized."""
        if self.user is None:
            return self.cluster.api
        session = self.extra.get("_session")
        if session is None or session._api is not self.cluster.api:
            session = self.extra["_session"] = self.cluster.api.as_user(self.user)
        # what kubectl sends as ?fieldManager=: the command's --field-manager; a command without the
        # flag sends none and the API server takes its User-Agent's prefix, "kubectl"
        session.field_manager = self.flags.get("field-manager") or default_field_manager(self.command, self.args)
        return session

    def now_unix_ms(self) -> int:
        return self.cluster.sim.clock.unix_ms()

    def print(self, text: str) -> None:
        self.out.out(text if text.endswith("\n") or not text else text + "\n")

    def warn(self, text: str) -> None:
        self.out.err(text if text.endswith("\n") else text + "\n")

    def error_line(self, exc: Exception) -> None:
        """Report one failed item and carry on (kubectl continues with the next object)."""
        if isinstance(exc, APIError):
            self.out.err(exc.kubectl_text() + "\n")
        elif isinstance(exc, CommandError):
            self.out.err(exc.text())
        else:  # pragma: no cover - defensive: never show a traceback
            self.out.err(f"error: {exc}\n")


# The --field-manager default of each kubectl command that has the flag (kubectl 1.32's --help);
# the others send no fieldManager and the API server records the User-Agent's prefix, "kubectl".
FIELD_MANAGER_DEFAULTS = {"create": "kubectl-create", "label": "kubectl-label", "annotate": "kubectl-annotate",
                          "set": "kubectl-set", "patch": "kubectl-patch", "expose": "kubectl-expose",
                          "replace": "kubectl-replace", "autoscale": "kubectl-autoscale", "edit": "kubectl-edit",
                          "run": "kubectl-run", "taint": "kubectl-taint", "apply": "kubectl-client-side-apply"}


def default_field_manager(command: str, args: list[str]) -> str:
    """The field manager a kubectl command's writes are recorded under when --field-manager is not given."""
    if command == "rollout":        # restart, pause and resume have the flag; undo has not
        return "kubectl-rollout" if args[:1] and args[0] in ("restart", "pause", "resume") else "kubectl"
    return FIELD_MANAGER_DEFAULTS.get(command, "kubectl")


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable[[Invocation], int | None]
    flags: tuple[Flag, ...] = ()
    short: str = ""
    # Commands whose namespace flag means nothing still accept it (kubectl's flags are global).


GLOBAL_FLAGS = (
    Flag("namespace", "n", "string", "", "If present, the namespace scope for this CLI request"),
    Flag("context", "", "string", "", "The name of the kubeconfig context to use"),
    Flag("kubeconfig", "", "string", "", "Path to the kubeconfig file to use for CLI requests"),
    Flag("request-timeout", "", "string", "0", "The length of time to wait before giving up"),
    Flag("v", "v", "int", 0, "number for the log level verbosity"),
    Flag("as", "", "string", "", "Username to impersonate for the operation. User could be a regular user or a service account in a namespace."),
    Flag("as-group", "", "stringArray", [], "Group to impersonate for the operation, this flag can be repeated to specify multiple groups."),
    Flag("as-uid", "", "string", "", "UID to impersonate for the operation."),
    Flag("token", "", "string", "", "Bearer token for authentication to the API server"),
    Flag("user", "", "string", "", "The name of the kubeconfig user to use"),
    Flag("help", "h", "bool", False, "help for this command"),
)


def flagset(*flags: Flag) -> FlagSet:
    return FlagSet(list(GLOBAL_FLAGS) + list(flags))


# ----------------------------------------------------------------------------- resource arguments
# Where the running command's warnings go: kubectl's REST mapper reports an ambiguous short name
# through the client's warning handler, wherever in a command a resource name is resolved.
MAPPER_WARNINGS: ContextVar[Callable[[str], None] | None] = ContextVar("mapper_warnings", default=None)


def resolve_type(api: "APIServer", name: str) -> KindInfo:
    info = api.registry.by_name(name)
    if info is None:
        raise CommandError(f'the server doesn\'t have a resource type "{name}"')
    warn_shadowed(api, name)
    return info


def warn_shadowed(api: "APIServer", name: str) -> None:
    """``Warning: short name "ev" could also match lower priority resource events.events.k8s.io``."""
    warn = MAPPER_WARNINGS.get()
    for other in api.registry.shadowed(name) if warn is not None else ():
        warn(f'Warning: short name "{name}" could also match lower priority resource {other.group_resource}')


ALL_CATEGORY = ("pods", "services", "daemonsets.apps", "deployments.apps", "replicasets.apps",
                "statefulsets.apps", "horizontalpodautoscalers.autoscaling", "cronjobs.batch",
                "jobs.batch", "replicationcontrollers")


def expand_types(api: "APIServer", spec: str) -> list[KindInfo]:
    infos: list[KindInfo] = []
    for part in spec.split(","):
        if not part:
            continue
        names = ALL_CATEGORY if part == "all" else (part,)
        for n in names:
            info = resolve_type(api, n)
            if info not in infos:
                infos.append(info)
    return infos


def parse_resource_args(api: "APIServer", args: list[str]) -> list[tuple[KindInfo, list[str]]]:
    """``pods``, ``pods a b``, ``pods,svc``, ``pod/a svc/b`` → [(kind, [names])] in given order."""
    if not args:
        return []
    if "/" in args[0]:
        groups: list[tuple[KindInfo, list[str]]] = []
        for arg in args:
            if "/" not in arg:
                raise CommandError(
                    "there is no need to specify a resource type as a separate argument when passing "
                    "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                    "instead of 'kubectl get resource resource/<resource_name>'")
            type_name, _, name = arg.partition("/")
            if not name:
                raise CommandError('arguments in resource/name form must have a single resource and name')
            info = resolve_type(api, type_name)
            for existing, names in groups:
                if existing == info:
                    names.append(name)
                    break
            else:
                groups.append((info, [name]))
        return groups
    for arg in args[1:]:
        if "/" in arg:
            raise CommandError(
                "there is no need to specify a resource type as a separate argument when passing "
                "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                "instead of 'kubectl get resource resource/<resource_name>'")
    infos = expand_types(api, args[0])
    names = args[1:]
    if names and len(infos) > 1:
        raise CommandError("you must specify only one resource")
    return [(info, list(names)) for info in infos]


def kind_slash_name(info: KindInfo, name: str) -> str:
    """``pod/web``, ``deployment.apps/web`` — how kubectl names an object in its messages."""
    prefix = f"{info.singular}.{info.group}" if info.group else info.singular
    return f"{prefix}/{name}"


def no_resources_message(inv: Invocation, all_namespaces: bool, info: KindInfo | None = None) -> str:
    if all_namespaces or (info is not None and not info.namespaced):
        return "No resources found\n"
    return f"No resources found in {inv.namespace} namespace.\n"
