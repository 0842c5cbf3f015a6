"""Azure Container Instances: container groups that run without a cluster, billed per second.

Models ACI as the lecture presents it ("run a container with one command", public IP, per-second
billing, hypervisor isolation) and as ``az container`` shows it (kubernetes-facts §7.4):

* a **container group** is ACI's pod: its containers share one IP address, one set of ports, one
  lifecycle and one restart policy; a group made with ``--image`` has one container named after the
  group, a group from a YAML file may have several;
* lifecycle: creation allocates the group (:data:`PROVISION_MS`), pulls each image (time from its
  size, :func:`k8scourse.runtime.images.pull_ms`), starts the containers (``Pulling``, ``Pulled``,
  ``Created``, ``Started`` events); each container runs its image's program. When a program exits,
  the restart policy decides: ``Always`` restarts it (with back-off), ``OnFailure`` only after a
  non-zero exit, ``Never`` leaves it ``Terminated``; a group whose containers are all done is
  ``Succeeded`` (all exited 0) or ``Failed`` and stops being billed;
* ``stop`` deallocates (state ``Stopped``, billing stops, the public IP is released and a new one is
  assigned on ``start``); ``restart`` restarts the containers in place (same IP, images pulled
  again); ``delete`` removes the group;
* a public IP comes from a simulated Azure range; ``--dns-name-label`` gives the FQDN
  ``<label>.<region>.azurecontainer.io``, unique per region;
* billing: from the start of the image pull until the group stops, per second, vCPU-seconds and
  GB-seconds of the group's requests (:func:`billing`, priced by :mod:`k8scourse.cloud.pricing`).

Limits (the real errors; see :mod:`k8scourse.cloud.aci.checks`): per-group CPU/memory the region can
offer (4 vCPU / 16 GB here), 60 containers per group, 5 ports per IP, 100 container groups and 100
cores per region (quota), Windows groups hold one container.

Deliberate differences: back-off between restarts follows the kubelet's (10 s doubling to 5 min);
the platform never moves or restarts a healthy group; image pulls are not cached between groups.

>>> from k8scourse.cloud import Azure
>>> az = Azure(seed=0); _ = az("group create -n rg -l eastus", echo=False)
>>> _ = az("container create -g rg -n hello --image microsoft/aci-helloworld --ip-address public", echo=False)
>>> g = find_group(az, "rg", "hello"); g.state, g.containers[0].state
('Running', 'Running')
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass, field

from ...runtime.images import pull_ms
from ..subscription import Resource

TYPE = "Microsoft.ContainerInstance/containerGroups"
PROVISION_MS = 8_000          # allocate a host slot and network before the first pull
START_MS = 1_000              # create + start a container after its image is there
BACKOFF_MS = (10_000, 300_000)
_STATE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_IP_PREFIXES = ("20.42", "20.121", "40.117", "52.146", "52.168")      # simulated Azure public ranges


@dataclass
class Container:
    name: str
    image: str
    cpu: float
    memory: float
    ports: list
    env: dict
    command: list | None
    stored: object = None            # layers.StoredImage
    program: object = None
    state: str = "Waiting"
    detail: str = ""
    start_ms: int | None = None
    finish_ms: int | None = None
    exit_code: int | None = None
    restart_count: int = 0
    previous: dict | None = None
    events: list = field(default_factory=list)

    def event(self, clock, name: str, message: str) -> None:
        stamp = clock.rfc3339()
        for e in self.events:
            if e["name"] == name and e["message"] == message:
                e["count"] += 1
                e["lastTimestamp"] = stamp
                return
        self.events.append({"count": 1, "firstTimestamp": stamp, "lastTimestamp": stamp, "message": message,
                            "name": name, "type": "Normal"})


@dataclass
class AciState:
    """Per-subscription ACI bookkeeping: the public-IP draw and the billing ledger."""
    ip_seq: int = 0
    ledger: list = field(default_factory=list)     # closed billing intervals (dicts)


def state(az) -> AciState:
    s = _STATE.get(az)
    if s is None:
        s = _STATE[az] = AciState()
    return s


class ContainerGroup:
    def __init__(self, az, name, group, location, os_type, restart_policy, ip_type, dns_label, ports, containers,
                 protocol="TCP", subnet=None):
        self.az, self.name, self.group, self.location = az, name, group, location
        self.os_type, self.restart_policy, self.ip_type, self.dns_label = os_type, restart_policy, ip_type, dns_label
        self.ports, self.protocol, self.subnet = ports, protocol, subnet
        self.containers: list[Container] = containers
        self.ip: str | None = None
        self.state = "Pending"
        self.billing_start: int | None = None
        self.gen = 0

    # ------------------------------------------------------------------ sizes
    @property
    def cpu(self) -> float:
        return round(sum(c.cpu for c in self.containers), 1)

    @property
    def memory(self) -> float:
        return round(sum(c.memory for c in self.containers), 1)

    @property
    def hostname(self) -> str:
        """What ``hostname`` prints inside an ACI container (a sandbox host name, stable per group)."""
        digits = int(hashlib.sha256(f"{self.group}/{self.name}".encode()).hexdigest(), 16) % 10 ** 18
        return f"SandboxHost-{digits:018d}"

    @property
    def fqdn(self) -> str | None:
        return f"{self.dns_label}.{self.location}.azurecontainer.io" if self.dns_label else None

    # ------------------------------------------------------------------ lifecycle
    @property
    def sim(self):
        return self.az.sim

    def start(self, new_ip: bool = True) -> int:
        """Allocate, pull and start every container; returns ms until all run (for the CLI wait)."""
        self.gen += 1
        gen = self.gen
        if self.ip_type and (new_ip or self.ip is None):
            self.ip = allocate_ip(self.az, self)
        self.state = "Pending"
        if self.billing_start is None:
            self.billing_start = self.sim.now_ms
        t = PROVISION_MS
        for c in self.containers:
            c.state, c.detail, c.program = "Waiting", "", None
            self.sim.schedule(t, lambda c=c: self._pulling(gen, c), name=f"aci pull {self.name}/{c.name}")
            t += pull_ms(c.stored.size)
            self.sim.schedule(t, lambda c=c: self._pulled(gen, c), name=f"aci pulled {self.name}/{c.name}")
        ready = t + START_MS
        for c in self.containers:
            self.sim.schedule(ready, lambda c=c: self._run(gen, c), name=f"aci start {self.name}/{c.name}")
        return ready

    def _pulling(self, gen, c):
        if gen == self.gen:
            c.event(self.sim.clock, "Pulling", f'pulling image "{c.image}"')

    def _pulled(self, gen, c):
        if gen == self.gen:
            c.event(self.sim.clock, "Pulled", f'Successfully pulled image "{c.image}"')

    def _run(self, gen, c, restarted=False):
        from ...runtime.launch import StartError, make_program
        if gen != self.gen:
            return
        now = self.sim.now_ms
        env = {**c.env, "_PROBE_AGENT": "curl/8.5.0", "_POD_IP": self.ip or "10.0.0.4"}
        try:
            c.program = make_program(c.stored.info, c.command, None, env, started_ms=now,
                                     now_unix_ms=self.sim.clock.unix_ms, hostname=self.hostname)
        except StartError as exc:
            c.program = None
            self._terminated(c, now, 128, "Error", str(exc))
            return
        if not restarted:
            c.event(self.sim.clock, "Created", "Created container")
        c.event(self.sim.clock, "Started", "Started container")
        c.state, c.detail, c.start_ms, c.finish_ms, c.exit_code = "Running", "", now, None, None
        if all(x.state == "Running" for x in self.containers):
            self.state = "Running"
        self._watch(gen, c)

    def _watch(self, gen, c):
        """Look ahead in the program's timeline; schedule the exit or a later look."""
        if gen != self.gen or c.program is None:
            return
        now = self.sim.now_ms
        c.program.run_until(now + 3_600_000)
        if c.program.exit_ms is not None:
            self.sim.schedule(max(0, c.program.exit_ms - now), lambda: self._exited(gen, c),
                              name=f"aci exit {self.name}/{c.name}")
        elif not c.program.forever:
            self.sim.schedule(max(1000, c.program.next_step_ms - now), lambda: self._watch(gen, c),
                              name=f"aci watch {self.name}/{c.name}")

    def _exited(self, gen, c):
        if gen != self.gen or c.program is None:
            return
        code = c.program.exit_code
        self._terminated(c, self.sim.now_ms, code, "Completed" if code == 0 else "Error")

    def _terminated(self, c, now, code, detail, message=""):
        c.state, c.detail, c.finish_ms, c.exit_code = "Terminated", detail, now, code
        if message:
            c.event(self.sim.clock, "Failed", message)
        again = self.restart_policy == "Always" or (self.restart_policy == "OnFailure" and code != 0)
        if again:
            delay = min(BACKOFF_MS[0] * 2 ** min(c.restart_count, 10), BACKOFF_MS[1])
            gen = self.gen
            self.sim.schedule(delay, lambda: self._restart(gen, c), name=f"aci restart {self.name}/{c.name}")
            return
        if all(x.state == "Terminated" for x in self.containers):
            self.state = "Succeeded" if all(x.exit_code == 0 for x in self.containers) else "Failed"
            self._close_billing(now)

    def _restart(self, gen, c):
        if gen != self.gen:
            return
        c.previous = self._current(c)
        c.restart_count += 1
        self._run(gen, c, restarted=True)

    def stop(self, release_ip: bool = True) -> None:
        self.gen += 1
        now = self.sim.now_ms
        for c in self.containers:
            if c.program is not None and c.state == "Running":
                c.program.terminate(now, 137)
                c.state, c.detail, c.finish_ms, c.exit_code = "Terminated", "Stopped", now, 137
                c.event(self.sim.clock, "Killing", "Killing container with id " + c.name)
        self.state = "Stopped"
        if release_ip and self.ip_type == "Public":
            self.ip = None
        self._close_billing(now)

    def _close_billing(self, now: int) -> None:
        if self.billing_start is None:
            return
        state(self.az).ledger.append(self._bill_row(self.billing_start, now))
        self.billing_start = None

    def _bill_row(self, start: int, end: int) -> dict:
        seconds = (end - start) / 1000
        return {"name": self.name, "resource_group": self.group, "location": self.location, "os_type": self.os_type,
                "cpu": self.cpu, "memory_gb": self.memory, "start_ms": start, "end_ms": end, "seconds": seconds,
                "vcpu_seconds": round(seconds * self.cpu, 3), "gb_seconds": round(seconds * self.memory, 3)}

    # ------------------------------------------------------------------ reading
    def logs(self, container: Container) -> str:
        if container.program is None:
            return ""
        return "".join(line + "\n" for _, line in container.program.lines(self.sim.now_ms))

    def _current(self, c: Container) -> dict:
        clock = self.sim.clock
        if c.state == "Waiting":
            return {"detailStatus": "", "exitCode": None, "finishTime": None, "startTime": None, "state": "Waiting"}
        return {"detailStatus": c.detail, "exitCode": c.exit_code,
                "finishTime": clock.rfc3339(c.finish_ms) if c.finish_ms is not None else None,
                "startTime": clock.rfc3339(c.start_ms) if c.start_ms is not None else None, "state": c.state}

    def to_json(self) -> dict:
        sub = self.az.subscription
        ports = [{"port": p, "protocol": self.protocol} for p in self.ports]
        ip = None
        if self.ip_type:
            ip = {"autoGeneratedDomainNameLabelScope": "Unsecure" if self.dns_label else None,
                  "dnsNameLabel": self.dns_label, "fqdn": self.fqdn, "ip": self.ip, "ports": ports,
                  "type": self.ip_type}
        return {
            "confidentialComputeProperties": None,
            "containers": [{
                "command": c.command, "environmentVariables": [{"name": k, "secureValue": None, "value": v}
                                                               for k, v in c.env.items()],
                "image": c.image,
                "instanceView": {"currentState": self._current(c), "events": [dict(e) for e in c.events],
                                 "previousState": c.previous, "restartCount": c.restart_count},
                "livenessProbe": None, "name": c.name,
                "ports": [{"port": p, "protocol": self.protocol} for p in c.ports], "readinessProbe": None,
                "resources": {"limits": None, "requests": {"cpu": c.cpu, "gpu": None, "memoryInGb": c.memory}},
                "securityContext": None, "volumeMounts": None} for c in self.containers],
            "diagnostics": None, "dnsConfig": None, "encryptionProperties": None, "extensions": None,
            "id": sub.resource_id(TYPE, self.group, self.name), "identity": None, "imageRegistryCredentials": None,
            "initContainers": [], "instanceView": {"events": [], "state": self.state}, "ipAddress": ip,
            "location": self.location, "name": self.name, "osType": self.os_type, "priority": None,
            "provisioningState": "Succeeded", "resourceGroup": self.group, "restartPolicy": self.restart_policy,
            "sku": "Standard", "subnetIds": [{"id": self.subnet, "name": None}] if self.subnet else None,
            "tags": {}, "type": TYPE, "volumes": None, "zones": None}

    # ------------------------------------------------------------------ http (curl)
    def answer(self, port: int, path: str):
        from ..http import Answer, page, server_header
        if self.state in ("Stopped",) or self.ip is None or port not in self.ports:
            return Answer("timeout")
        now = self.sim.now_ms
        for c in self.containers:
            if c.program is None or c.state != "Running":
                continue
            status = c.program.http_get(port, "/" if path == "HEAD" else path, now, client="10.240.255.55")
            if status is None:
                continue
            if not isinstance(status, int):
                return Answer("refused")
            name = c.program.name
            body = (page(name, c.stored.files_dict, self.hostname) or "") if status == 200 else _not_found(name, path)
            headers = [("Content-Type", "text/html"), ("Content-Length", str(len(body.encode())))]
            if server_header(name):
                headers.insert(0, ("Server", server_header(name)))
            return Answer("response", status, body, headers)
        return Answer("refused")


def _not_found(program: str, path: str) -> str:
    if program == "nginx":
        return ("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1>"
                "</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
    return f"Cannot GET {path}\n"


# ---------------------------------------------------------------------- lookups
def groups(az, resource_group: str | None = None) -> list[ContainerGroup]:
    return [r.model for r in az.subscription.list(TYPE, resource_group)]


def find_group(az, resource_group: str, name: str) -> ContainerGroup | None:
    r = az.subscription.get(TYPE, resource_group, name)
    return None if r is None else r.model


def register(az, g: ContainerGroup) -> None:
    az.subscription.add(Resource(TYPE, g.group, g.name, {}, model=g))


def delete(az, g: ContainerGroup) -> None:
    g.stop()
    r = az.subscription.get(TYPE, g.group, g.name)
    if r is not None:
        az.subscription.remove(r)


def allocate_ip(az, g: ContainerGroup) -> str:
    """A public address from the simulated Azure ranges (never one in use), or a VNet address."""
    used = {o.ip for o in groups(az) if o.ip}
    if g.ip_type == "Private":
        n = 4
        while f"10.0.0.{n}" in used:
            n += 1
        return f"10.0.0.{n}"
    st = state(az)
    while True:
        st.ip_seq += 1
        h = hashlib.sha256(f"aci-ip:{az.sim.seed}:{st.ip_seq}".encode()).digest()
        ip = f"{_IP_PREFIXES[h[0] % len(_IP_PREFIXES)]}.{h[1]}.{1 + h[2] % 254}"
        if ip not in used:
            return ip


def billing(az):
    """Per-second ACI usage so far as a DataFrame: one row per billed interval (open ones up to now)."""
    import pandas as pd
    rows = [{**r, "running": False} for r in state(az).ledger]
    now = az.sim.now_ms
    for g in groups(az):
        if g.billing_start is not None:
            rows.append({**g._bill_row(g.billing_start, now), "running": True})
    cols = ["name", "resource_group", "location", "os_type", "cpu", "memory_gb", "start_ms", "end_ms", "seconds",
            "vcpu_seconds", "gb_seconds", "running"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["running"] = frame["running"].astype(bool)
    return frame


def _resolver(az, host: str, port: int, path: str):
    from ..http import Answer
    for g in groups(az):
        if g.ip_type == "Private" and host == g.ip:
            return Answer("timeout")           # a VNet address: unreachable from the student's machine
        if host and host in (g.ip, g.fqdn):
            if g.ip is None:                   # stopped: the label resolves to nothing any more
                return None
            return g.answer(port, path)
    return None


def _register() -> None:
    from ..http import register_resolver
    register_resolver(_resolver)


_register()
