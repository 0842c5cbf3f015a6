"""A pod's stub resolver: the ``/etc/resolv.conf`` the kubelet writes and how libc uses it.

``dnsPolicy: ClusterFirst`` (the default) gives a pod::

    search <ns>.svc.cluster.local svc.cluster.local cluster.local
    nameserver 10.96.0.10
    options ndots:5

``Default`` gives the node's own file (Azure DNS ``168.63.129.16``, the VNet's search domain);
``None`` only what ``spec.dnsConfig`` says; ``dnsConfig`` adds nameservers, searches and options to
the other policies. A ``hostNetwork`` pod with ``ClusterFirst`` falls back to ``Default``, unless its
policy is ``ClusterFirstWithHostNet``.

Resolution follows resolv.conf(5): a name with fewer dots than ``ndots`` (5) is tried with each
search domain first and as given last; a name with at least ``ndots`` dots is tried as given
first; a trailing dot means "exactly this name". The first NOERROR answer with records wins.

>>> conf = pod_resolv_conf({"metadata": {"namespace": "dev"}, "spec": {}}, "10.96.0.10")
>>> print(conf.text(), end="")
search dev.svc.cluster.local svc.cluster.local cluster.local
nameserver 10.96.0.10
options ndots:5
>>> conf.candidates("my-service")[:2]
['my-service.dev.svc.cluster.local', 'my-service.svc.cluster.local']
>>> conf.candidates("example.com.")
['example.com']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import defaults
from ..api.objects import dig
from .records import DNSAnswer, lookup, upstream

AZURE_DNS = "168.63.129.16"
NODE_SEARCH = "internal.cloudapp.net"


@dataclass
class ResolvConf:
    nameservers: list = field(default_factory=list)
    searches: list = field(default_factory=list)
    options: list = field(default_factory=list)

    @property
    def ndots(self) -> int:
        for opt in self.options:
            if opt.startswith("ndots:") and opt[6:].isdigit():
                return int(opt[6:])
        return 1

    @property
    def cluster(self) -> bool:
        """Whether the first nameserver is the cluster DNS (else: the node's upstream)."""
        return bool(self.nameservers) and self.nameservers[0] != AZURE_DNS

    def text(self) -> str:
        lines = []
        if self.searches:
            lines.append("search " + " ".join(self.searches))
        lines += [f"nameserver {ns}" for ns in self.nameservers]
        if self.options:
            lines.append("options " + " ".join(self.options))
        return "\n".join(lines) + "\n"

    def candidates(self, name: str) -> list[str]:
        """The names libc asks for, in order."""
        if name.endswith("."):
            return [name.rstrip(".")]
        searched = [f"{name}.{s}" for s in self.searches]
        if name.count(".") >= self.ndots:
            return [name] + searched
        return searched + [name]


def node_resolv_conf() -> ResolvConf:
    return ResolvConf([AZURE_DNS], [NODE_SEARCH], [])


def pod_resolv_conf(pod: dict, dns_ip: str = defaults.CLUSTER_DNS_IP) -> ResolvConf:
    """The resolv.conf the kubelet writes for ``pod``."""
    spec = pod.get("spec") or {}
    ns = dig(pod, "metadata", "namespace", default="default")
    policy = spec.get("dnsPolicy") or defaults.DNS_POLICY
    if policy == "ClusterFirst" and spec.get("hostNetwork"):
        policy = "Default"
    if policy in ("ClusterFirst", "ClusterFirstWithHostNet"):
        d = defaults.CLUSTER_DOMAIN
        conf = ResolvConf([dns_ip], [f"{ns}.svc.{d}", f"svc.{d}", d], ["ndots:5"])
    elif policy == "None":
        conf = ResolvConf()
    else:
        conf = node_resolv_conf()
    extra = spec.get("dnsConfig") or {}
    for ns_ip in extra.get("nameservers") or []:
        if ns_ip not in conf.nameservers:
            conf.nameservers.append(ns_ip)
    for s in extra.get("searches") or []:
        if s not in conf.searches:
            conf.searches.append(s)
    for opt in extra.get("options") or []:
        text = opt.get("name", "") + (f":{opt['value']}" if opt.get("value") not in (None, "") else "")
        conf.options = [o for o in conf.options if o.split(":")[0] != opt.get("name")] + [text]
    return conf


@dataclass
class Resolution:
    """The outcome of resolving one name: the name that answered and its records."""
    query: str
    name: str = ""
    answer: DNSAnswer = field(default_factory=lambda: DNSAnswer("NXDOMAIN"))
    tried: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.answer.rcode == "NOERROR" and bool(self.answer.records)

    @property
    def addresses(self) -> list[str]:
        return self.answer.addresses


def resolve(api, name: str, conf: ResolvConf, qtype: str = "A") -> Resolution:
    """Resolve ``name`` the way libc does with ``conf`` (cluster DNS or the node's upstream)."""
    result = Resolution(name)
    for candidate in conf.candidates(name):
        result.tried.append(candidate)
        answer = lookup(api, candidate, qtype) if conf.cluster else upstream(api, candidate, qtype)
        if answer.rcode == "NOERROR" and answer.records:
            result.name, result.answer = candidate, answer
            return result
    result.name = result.tried[-1] if result.tried else name
    return result
