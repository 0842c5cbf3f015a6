"""``kubectl certificate approve|deny``: set a CertificateSigningRequest's Approved or Denied condition.

Models kubectl's ``certificate`` command: each request named (or read from ``-f``) is fetched, the
condition is added on the client — ``Approved`` with reason ``KubectlApprove`` and message *This
CSR was approved by kubectl certificate approve.* (``Denied``/``KubectlDeny``/*…denied by kubectl
certificate deny.*), ``lastUpdateTime`` now — and sent to the ``approval`` subresource
(:meth:`k8scourse.apiserver.APIServer.update_approval`). A request that already has the condition is
not sent again unless ``--force``; one that has the opposite condition is refused
(``certificate signing request "x" is already Denied``). Printed:
``certificatesigningrequest.certificates.k8s.io/x approved`` (``-o name``: the name alone; ``-o
yaml|json``: the request as fetched, before the condition was added). Errors of single requests (not found, forbidden, invalid) are
collected and printed after the others were handled, as kubectl's resource builder does.

The certificate itself is then issued by kube-controller-manager's signer
(:mod:`k8scourse.controllers.certificates`).
"""

from __future__ import annotations

from ...api.objects import copy_json
from ...errors import APIError
from ...i18n import t
from ..flags import Flag
from . import printing
from .cobra_path import help_text
from .command import CommandError, Invocation, resolve_type
from .manifests import parse_documents, read_sources

CERTIFICATE_FLAGS = (
    Flag("allow-missing-template-keys", "", "bool", True, "Ignore missing keys in templates."),
    Flag("filename", "f", "stringSlice", [], "Filename, directory, or URL to files identifying the resource to update"),
    Flag("force", "", "bool", False, "Update the CSR even if it is already approved."),
    Flag("kustomize", "k", "string", "", "Process the kustomization directory."),
    Flag("output", "o", "string", "", "Output format."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f, --filename recursively."),
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects."),
    Flag("template", "", "string", "", "Template string or path to template file to use."),
)
_QUALIFIED = "certificatesigningrequest.certificates.k8s.io"
_ACTIONS = {
    "approve": ("Approved", "Denied", "KubectlApprove", "This CSR was approved by kubectl certificate approve.",
                "approved"),
    "deny": ("Denied", "Approved", "KubectlDeny", "This CSR was denied by kubectl certificate deny.", "denied"),
}


class _Refused(CommandError):
    """A request kubectl refuses on the client side (printed ``error: …`` when it is the only error)."""

    def __init__(self, message: str):
        super().__init__(f"error: {message}")
        self.message = message


def _targets(inv: Invocation, names: list[str]) -> list[tuple[object, str, Exception | None]]:
    """What kubectl's resource builder visits: (kind, name, error of this item) for each name typed
    (``NAME``, ``TYPE/NAME``) or object read from ``-f``; errors of the whole request are raised."""
    files = inv.flags.get("filename") or []
    if names and files:
        raise CommandError("error: resource/name arguments cannot be provided when a path is specified")
    csr_info = inv.api.info("certificatesigningrequests")
    out: list[tuple[object, str, Exception | None]] = []
    for arg in names:
        kind, name = csr_info, arg
        if "/" in arg:
            type_name, _, name = arg.partition("/")
            kind = resolve_type(inv.api, type_name)
            if kind.namespaced:
                raise CommandError("error: namespace may not be empty when retrieving a resource by name")
        if not name:
            raise CommandError("error: resource name may not be empty")
        out.append((kind, name, None))
    for source in read_sources(files, bool(inv.flags.get("recursive")), inv.stdin, inv.extra.get("cwd")) if files else ():
        for doc in parse_documents(source):
            obj = doc.object
            name = (obj.get("metadata") or {}).get("name") or ""
            kind = inv.api.registry.for_kind(obj.get("apiVersion") or "", obj.get("kind") or "")
            if kind is None:
                raise CommandError(f'error: resource mapping not found for name: "{name}" namespace: "" from '
                                   f'"{source.name}": no matches for kind "{obj.get("kind")}" in version '
                                   f'"{obj.get("apiVersion")}"\nensure CRDs are installed first')
            if not name:
                raise CommandError("error: resource name may not be empty")
            problem = None
            if kind.namespaced and not (obj.get("metadata") or {}).get("namespace"):
                problem = _Refused(f'no namespace set on resource {kind.group}/{kind.version}, '
                                   f'Resource={kind.plural} "{name}"')
            out.append((kind, name, problem))
    return out


def _now(inv: Invocation) -> str:
    return inv.cluster.sim.clock.rfc3339()


def run_certificate(inv: Invocation) -> int:
    if not inv.args or inv.args[0] not in _ACTIONS:
        inv.out.out(help_text(["certificate"]))
        return 0
    action, names = inv.args[0], inv.args[1:]
    output = inv.flags.get("output") or ""
    printing.check_output_format(output)
    if not names and not inv.flags.get("filename") and not inv.flags.get("kustomize"):
        raise CommandError("error: one or more CSRs must be specified as <name> or -f <filename>")
    if inv.flags.get("kustomize"):
        raise CommandError(t("kubectl.kustomize_not_modelled"))
    ctype, opposite, reason, message, verb = _ACTIONS[action]
    errors: list[Exception] = []
    found = 0
    for kind, name, problem in _targets(inv, names):
        if problem is not None:
            errors.append(problem)
            continue
        try:
            csr = inv.api.get(kind, name, "")
        except APIError as exc:
            errors.append(exc)
            continue
        if getattr(kind, "kind", "") != "CertificateSigningRequest":
            errors.append(_Refused("can only handle CertificateSigningRequest.certificates.k8s.io objects, "
                                   f"got {getattr(kind, 'kind', '')}"))
            continue
        conditions = (csr.get("status") or {}).get("conditions") or []
        types = {c.get("type") for c in conditions if isinstance(c, dict)}
        if opposite in types:
            errors.append(_Refused(f'certificate signing request "{name}" is already {opposite}'))
            continue
        sent = copy_json(csr)
        if ctype not in types:
            sent.setdefault("status", {})["conditions"] = list(conditions) + [{
                "type": ctype, "status": "True", "reason": reason, "message": message,
                "lastUpdateTime": _now(inv)}]
        if ctype not in types or inv.flags.get("force"):
            try:
                inv.api.update_approval(sent, user=getattr(inv.user, "name", "") or "admin")
            except APIError as exc:
                errors.append(exc)
                continue
        found += 1
        if output:
            inv.out.out(printing.format_objects(inv, [csr], output, single=True))   # as fetched: kubectl modifies a copy
        else:
            inv.print(f"{_QUALIFIED}/{name} {verb}")
    if not found and not errors:
        inv.print("No resources found")
    if len(errors) == 1:
        raise errors[0]
    if errors:
        # kubectl's MultipleErrors: one line each, API errors as "Error from server …", the others bare
        for exc in errors:
            inv.out.err((exc.kubectl_text() if isinstance(exc, APIError) else exc.message) + "\n")
        return 1
    return 0
