"""``kubectl config`` for users and contexts: set-credentials, set-context, get-users, delete-user, delete-context.

The classic way to act as a ServiceAccount from the student's shell (texts recorded from kubectl 1.32)::

    kubectl config set-credentials app --token=$(kubectl create token app)   # User "app" set.
    kubectl config set-context app --cluster=myCluster --user=app            # Context "app" created.
    kubectl --context app get pods        # authenticated by the token: system:serviceaccount:default:app

* ``set-credentials NAME --token=…`` adds or changes a user entry (a bearer token; ``--username``/
  ``--password`` basic auth is stored but no 1.32 API server accepts it, so requests then fail
  ``Unauthorized``; ``--client-certificate``/``--client-key`` (``--embed-certs``) take a certificate,
  e.g. one issued for a CertificateSigningRequest: requests then authenticate as its CN in the
  groups of its O entries while the cluster CA signed it and it is valid);
* ``set-context NAME [--cluster C] [--user U] [--namespace N]`` creates (``Context "NAME" created.``) or
  modifies (``… modified.``) a context; a cluster name no context knows leaves kubectl without a
  server, as the real one falls back to ``localhost:8080``;
* ``get-users`` lists the user entries (``NAME`` then the names, sorted); ``delete-user`` and
  ``delete-context`` name the kubeconfig file they changed (``/home/student/.kube/config``).
"""

from __future__ import annotations

import os
from dataclasses import replace

from ...apiserver.authentication import Credentials
from ..kubeconfig import Context
from .command import CommandError, Invocation

KUBECONFIG_PATH = "/home/student/.kube/config"     # the student's home (k8scourse.cloud.files.HOME)


def _help(name: str) -> str:
    from importlib.resources import files
    return files(__package__).joinpath("data", f"{name}.txt").read_text(encoding="utf-8")


def set_credentials(inv: Invocation, rest: list[str]) -> int:
    if len(rest) != 1:
        inv.out.out(_help("config-set-credentials"))
        raise CommandError(f"unexpected args: [{' '.join(rest)}]")
    name = rest[0]
    flags = inv.flags
    for unsupported in ("auth-provider", "exec-command"):
        if flags.get(unsupported):
            raise CommandError(f"--{unsupported} is not modelled by the simulator: use --token")
    config = inv.kubectl.config
    current = config.credentials(name) or Credentials()
    cert_path, key_path = flags.get("client-certificate") or "", flags.get("client-key") or ""
    if cert_path or key_path:
        current = _client_certificate(inv, current, cert_path, key_path, bool(flags.get("embed-certs")))
    if flags.get("token"):
        current = replace(current, token=flags["token"])
    if flags.get("username"):
        current = replace(current, username=flags["username"])
    config.set_credentials(name, current)
    inv.print(f'User "{name}" set.')
    return 0


def _read(inv: Invocation, path: str) -> bytes | None:
    full = path if os.path.isabs(path) or not inv.extra.get("cwd") else os.path.join(inv.extra["cwd"], path)
    try:
        with open(full, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def _client_certificate(inv: Invocation, current: Credentials, cert_path: str, key_path: str,
                        embed: bool) -> Credentials:
    """``--client-certificate``/``--client-key`` (``--embed-certs``: the files' contents, read now)."""
    if embed:
        for what, path in (("client-certificate", cert_path), ("client-key", key_path)):
            if path and _read(inv, path) is None:
                raise CommandError(f"could not stat {what} file {path}: stat {path}: no such file or directory")
        pem = _read(inv, cert_path) if cert_path else current.certificate_pem
        return replace(current, certificate_pem=pem or b"", certificate_cn="", certificate_groups=(),
                       certificate_path="", key_path="")
    return replace(current, certificate_path=cert_path or current.certificate_path,
                   key_path=key_path or current.key_path, certificate_pem=b"", certificate_cn="",
                   certificate_groups=())


def client_certificate(inv: Invocation, user_name: str, credentials: Credentials | None) -> Credentials | None:
    """The credentials with the certificate a kubeconfig user names by path read in (as kubectl reads
    it for every command): ``unable to read client-cert …`` when the file is gone."""
    if credentials is None or not credentials.certificate_path or credentials.certificate_pem:
        return credentials
    pem = _read(inv, credentials.certificate_path)
    if pem is None:
        path = credentials.certificate_path
        raise CommandError(f"unable to read client-cert {path} for {user_name} due to open {path}: "
                           f"no such file or directory")
    return replace(credentials, certificate_pem=pem)


def set_context(inv: Invocation, rest: list[str]) -> int:
    config = inv.kubectl.config
    name = config.current_context if inv.flags.get("current") else (rest[0] if rest else "")
    if not name:
        raise CommandError("you must specify a non-empty context name or --current", usage_of="config set-context")
    ctx = config.contexts.get(name)
    created = ctx is None
    if created:
        ctx = config.contexts[name] = Context(name, None, "", "")
    cluster_name = inv.flags.get("cluster") or ""
    if cluster_name:
        ctx.cluster_name, ctx.cluster = cluster_name, config.cluster_named(cluster_name)
    if isinstance(inv.flags.get("user"), str) and inv.flags.get("user"):
        ctx.user = inv.flags["user"]
    if inv.explicit_namespace:
        ctx.namespace = inv.namespace
    inv.print(f'Context "{name}" {"created" if created else "modified"}.')
    return 0


def get_users(inv: Invocation, rest: list[str]) -> int:
    inv.out.out("NAME\n" + "".join(f"{n}\n" for n in sorted(inv.kubectl.config.users)))
    return 0


def delete_user(inv: Invocation, rest: list[str]) -> int:
    config = inv.kubectl.config
    for name in rest:
        if name not in config.users:
            raise CommandError(f"cannot delete user {name}, not in {KUBECONFIG_PATH}")
        del config.users[name]
        inv.print(f"deleted user {name} from {KUBECONFIG_PATH}")
    return 0


def delete_context(inv: Invocation, rest: list[str]) -> int:
    config = inv.kubectl.config
    if len(rest) != 1:
        raise CommandError("unexpected args: [" + " ".join(rest) + "]")
    name = rest[0]
    if name not in config.contexts:
        raise CommandError(f"cannot delete context {name}, not in {KUBECONFIG_PATH}")
    if name == config.current_context:
        inv.warn('warning: this removed your active context, use "kubectl config use-context" to select a '
                 'different one')
    config.remove_context(name)
    inv.print(f"deleted context {name} from {KUBECONFIG_PATH}")
    return 0


def users_view(config) -> list[dict]:
    """The ``users:`` of ``kubectl config view`` (secrets redacted, sorted by name as kubectl writes them)."""
    return [{"name": name, "user": creds.describe()} for name, creds in sorted(config.users.items())]


SUBCOMMANDS = {"set-credentials": set_credentials, "set-context": set_context, "get-users": get_users,
               "delete-user": delete_user, "delete-context": delete_context}
