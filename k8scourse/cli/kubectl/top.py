"""``kubectl top node|pod``: CPU and memory usage from the Metrics API (metrics-server).

Follows kubectl's ``cmd/top`` and ``metricsutil`` printer:

* no metrics server → ``error: Metrics API not available``; a metrics server that has not scraped
  yet → ``error: metrics not available yet``; a named node/pod without metrics →
  ``Error from server (NotFound): nodemetrics.metrics.k8s.io "n" not found`` (``podmetrics…
  "ns/name"``); pods listed but none with metrics → ``metrics not available yet`` while they are
  younger than 2 minutes, then ``Metrics not available for pod ns/name, age: 2m5s``; no pods at all
  → ``No resources found in <ns> namespace.`` on stderr;
* columns ``NAME CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%)`` / ``[NAMESPACE] [POD] NAME CPU(cores)
  MEMORY(bytes)``, every cell followed by a tab (hence the trailing spaces), aligned by kubectl's
  ``get`` tab writer; CPU as ``MilliValue()`` + ``m`` (rounded up), memory as whole MiB + ``Mi``
  (rounded down), percentages of allocatable (``--show-capacity``: of capacity) truncated;
* default order by name (``-A``: namespace, name), containers by name; ``--sort-by=cpu|memory``
  sorts descending; nodes without metrics print ``<unknown>`` in every column after the rows;
* ``--sum`` adds kubectl's ``________`` line and the totals.

Deliberate differences: ties under ``--sort-by`` keep name order (Go's sort is not stable); the
``<unknown>`` rows come in name order (kubectl walks a Go map); ages in the "not available" error
have millisecond, not nanosecond, resolution.

>>> _cells(Quantity("183m"), Quantity("1534Mi"), {"cpu": "1900m", "memory": "4652372Ki"}).replace(chr(9), "|")
'183m|9%|1534Mi|33%|'
"""

from __future__ import annotations

from ... import defaults
from ...api.quantity import Quantity
from ...metrics.server import go_duration
from ...sim.clock import parse_rfc3339
from ..flags import Flag
from ..printers.tabwriter import KUBECTL_GET, TabWriter
from .command import CommandError, Invocation, unknown_subcommand

TOP_FLAGS = (
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("field-selector", "", "string", "", "Selector (field query) to filter on."),
    Flag("sort-by", "", "string", "", "If non-empty, sort list using specified field (cpu or memory)."),
    Flag("no-headers", "", "bool", False, "If present, print output without headers."),
    Flag("containers", "", "bool", False, "If present, print usage of containers within a pod."),
    Flag("all-namespaces", "A", "bool", False, "If present, list the requested object(s) across all namespaces."),
    Flag("sum", "", "bool", False, "Print the sum of the resource usage"),
    Flag("show-capacity", "", "bool", False, "Print node resources based on Capacity instead of Allocatable."),
    Flag("use-protocol-buffers", "", "bool", True, "Enables using protocol-buffers to access Metrics API."),
)

_NODE_WORDS = ("node", "nodes", "no")
_POD_WORDS = ("pod", "pods", "po")
_MI = 1024 * 1024

_TOP_HELP = """Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use "kubectl top <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""


def run_top(inv: Invocation) -> int:
    if not inv.args:                    # kubectl prints the help on standard error and fails
        inv.out.err(_TOP_HELP)
        return 1
    sub, rest = inv.args[0], inv.args[1:]
    if sub in _NODE_WORDS:
        return _top_node(inv, rest)
    if sub in _POD_WORDS:
        return _top_pod(inv, rest)
    raise unknown_subcommand("top", [sub, *rest])


def _check_metrics_api(inv: Invocation) -> None:
    """kubectl looks the group up in discovery first: no metrics-server installed, no Metrics API."""
    if "metrics.k8s.io" not in inv.api.api_services:
        raise CommandError("Metrics API not available")


def _check_sort(sort_by: str) -> None:
    if sort_by and sort_by not in ("cpu", "memory"):
        raise CommandError("--sort-by accepts only cpu or memory")


def _usage(usage: dict) -> tuple[Quantity, Quantity]:
    return Quantity.parse(str(usage.get("cpu", "0"))), Quantity.parse(str(usage.get("memory", "0")))


def _cells(cpu: Quantity, mem: Quantity, available: dict | None) -> str:
    """printAllResourceUsages: usage cells, then the percentage cell when allocatable is known."""
    text = ""
    for res, used in (("cpu", cpu), ("memory", mem)):
        text += f"{used.milli_value()}m\t" if res == "cpu" else f"{used.value() // _MI}Mi\t"
        if available is not None and res in available:
            total = Quantity.parse(str(available[res])).milli_value()
            fraction = float(used.milli_value()) / float(total) * 100 if total else 0.0
            text += f"{int(fraction)}%\t"
    return text


def _write(lines: list[str]) -> str:
    writer = TabWriter(**KUBECTL_GET)
    writer.write("".join(lines))
    return writer.flush()


# ----------------------------------------------------------------------------- top node
def _top_node(inv: Invocation, names: list[str]) -> int:
    if len(names) > 1:
        raise CommandError("node [NAME | -l label]\nSee 'kubectl top node -h' for help and examples")
    if inv.flags.get("containers") or inv.flags.get("all-namespaces") or inv.flags.get("sum") \
            or inv.flags.get("field-selector"):
        flag = next(f for f in ("containers", "all-namespaces", "sum", "field-selector") if inv.flags.get(f))
        raise CommandError(f"Error: unknown flag: --{flag}", usage_of="top node")
    name, selector, sort_by = (names[0] if names else ""), inv.flags.get("selector") or "", inv.flags.get("sort-by") or ""
    _check_sort(sort_by)
    if name and selector:
        raise CommandError("only one of NAME or --selector can be provided")
    _check_metrics_api(inv)
    metrics = [inv.api.get("nodes.metrics.k8s.io", name, "")] if name else \
        inv.api.list("nodes.metrics.k8s.io", None, selector)["items"]
    if not metrics:
        raise CommandError("metrics not available yet")
    nodes = [inv.api.get("nodes", name, "")] if name else inv.api.list("nodes", None, selector)["items"]
    field = "capacity" if inv.flags.get("show-capacity") else "allocatable"
    available = {n["metadata"]["name"]: (n.get("status") or {}).get(field) or {} for n in nodes}
    metrics = sorted(metrics, key=lambda m: m["metadata"]["name"])
    if sort_by == "cpu":
        metrics.sort(key=lambda m: -_usage(m["usage"])[0].milli_value())
    elif sort_by == "memory":
        metrics.sort(key=lambda m: -_usage(m["usage"])[1].value())
    lines = [] if inv.flags.get("no-headers") else \
        ["".join(f"{c}\t" for c in ("NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)")) + "\n"]
    for m in metrics:
        node = m["metadata"]["name"]
        lines.append(f"{node}\t" + _cells(*_usage(m["usage"]), available.pop(node, None)) + "\n")
    for node in sorted(available):
        lines.append(f"{node}\t" + "<unknown>\t" * 4 + "\n")
    inv.out.out(_write(lines))
    return 0


# ----------------------------------------------------------------------------- top pod
def _top_pod(inv: Invocation, names: list[str]) -> int:
    if len(names) > 1:
        raise CommandError("pod [NAME | -l label]\nSee 'kubectl top pod -h' for help and examples")
    if inv.flags.get("show-capacity"):
        raise CommandError("Error: unknown flag: --show-capacity", usage_of="top pod")
    name, sort_by = (names[0] if names else ""), inv.flags.get("sort-by") or ""
    selector, fields = inv.flags.get("selector") or "", inv.flags.get("field-selector") or ""
    all_ns, containers = bool(inv.flags.get("all-namespaces")), bool(inv.flags.get("containers"))
    no_headers = bool(inv.flags.get("no-headers"))
    _check_sort(sort_by)
    if name and (selector or fields):
        raise CommandError("only one of NAME or selector can be provided")
    _check_metrics_api(inv)
    if name:
        metrics = [inv.api.get("pods.metrics.k8s.io", name, inv.namespace)]
    else:
        metrics = inv.api.list("pods.metrics.k8s.io", None if all_ns else inv.namespace, selector, fields)["items"]
    if not metrics:
        _verify_empty(inv, selector, fields)
        inv.warn("No resources found" if all_ns else f"No resources found in {inv.namespace} namespace.")
        return 0
    inv.out.out(_print_pods(metrics, containers, all_ns, no_headers, sort_by, bool(inv.flags.get("sum"))))
    return 0


def _verify_empty(inv: Invocation, selector: str, fields: str) -> None:
    """kubectl's verifyEmptyMetrics (it looks in the context's namespace, even with -A)."""
    pods = inv.api.list("pods", inv.namespace, selector, fields)["items"]
    if not pods:
        return
    now = inv.now_unix_ms()
    for pod in pods:
        stamp = (pod.get("metadata") or {}).get("creationTimestamp")
        age = now - parse_rfc3339(stamp) if stamp else 0
        if age > defaults.METRICS_CREATION_DELAY_MS:
            md = pod["metadata"]
            raise CommandError(f"Metrics not available for pod {md['namespace']}/{md['name']}, "
                               f"age: {go_duration(age)}")
    raise CommandError("metrics not available yet")


def _pod_total(m: dict) -> tuple[Quantity, Quantity]:
    cpu, mem = Quantity.parse("0"), Quantity.parse("0")
    for c in m.get("containers") or []:
        c_cpu, c_mem = _usage(c.get("usage") or {})
        cpu, mem = cpu + c_cpu, mem + c_mem
    return cpu, mem


def _print_pods(metrics: list[dict], containers: bool, with_ns: bool, no_headers: bool, sort_by: str,
                with_sum: bool) -> str:
    lines, width = [], 3
    if not no_headers:
        head = ""
        if with_ns:
            head, width = head + "NAMESPACE\t", width + 1
        if containers:
            head, width = head + "POD\t", width + 1
        lines.append(head + "NAME\tCPU(cores)\tMEMORY(bytes)\t\n")
    key = (lambda m: (m["metadata"].get("namespace", ""), m["metadata"]["name"])) if with_ns \
        else (lambda m: m["metadata"]["name"])
    metrics = sorted(metrics, key=key)
    if sort_by == "cpu":
        metrics.sort(key=lambda m: -_pod_total(m)[0].milli_value())
    elif sort_by == "memory":
        metrics.sort(key=lambda m: -_pod_total(m)[1].value())
    total_cpu, total_mem = Quantity.parse("0"), Quantity.parse("0")
    for m in metrics:
        md = m["metadata"]
        prefix = f"{md.get('namespace', '')}\t" if with_ns else ""
        if containers:
            items = sorted(m.get("containers") or [], key=lambda c: c["name"])
            if sort_by == "cpu":
                items.sort(key=lambda c: -_usage(c["usage"])[0].milli_value())
            elif sort_by == "memory":
                items.sort(key=lambda c: -_usage(c["usage"])[1].value())
            for c in items:
                lines.append(f"{prefix}{md['name']}\t{c['name']}\t" + _cells(*_usage(c["usage"]), None) + "\n")
        else:
            lines.append(f"{prefix}{md['name']}\t" + _cells(*_pod_total(m), None) + "\n")
        cpu, mem = _pod_total(m)
        total_cpu, total_mem = total_cpu + cpu, total_mem + mem
    if with_sum:
        lines.append("\t" * max(0, width - 2) + "________\t________\t\n")
        lines.append("\t" * max(0, width - 3) + "\t" + _cells(total_cpu, total_mem, None) + "\n")
    return _write(lines)
