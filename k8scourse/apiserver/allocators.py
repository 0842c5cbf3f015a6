"""Service address allocation: cluster IPs from the service CIDR and node ports from 30000-32767.

Models the API server's ``ipallocator`` and ``portallocator``. Upstream picks a random free address
and a random free port; here the pick comes from the cluster's seeded RNG, so it is random-looking
but the same on every run. The first address of the range is reserved for the ``kubernetes``
Service and the tenth for cluster DNS, as kubeadm lays them out. A Service may ask for a specific
free address or port; asking for a taken one is ``Invalid`` with upstream's wording.

>>> import random
>>> a = ServiceAllocator("10.96.0.0/12", random.Random(0))
>>> svc = {"metadata": {"name": "web"}, "spec": {"type": "NodePort", "ports": [{"port": 80}]}}
>>> a.allocate(svc)
>>> svc["spec"]["clusterIP"].startswith("10."), 30000 <= svc["spec"]["ports"][0]["nodePort"] <= 32767
(True, True)
"""

from __future__ import annotations

import ipaddress
import random

from .. import defaults
from ..errors import APIError, FieldError


class ServiceAllocator:
    def __init__(self, cidr: str, rng: random.Random):
        self.network = ipaddress.ip_network(cidr)
        self.rng = rng
        self._ips: set[str] = set()
        self._ports: set[int] = set()
        base = self.network.network_address
        # .1 belongs to the `kubernetes` Service and .10 to kube-dns: handed out only on request.
        self.reserved = {str(base + 1), str(base + 10)}

    @property
    def api_ip(self) -> str:
        return str(self.network.network_address + 1)

    @property
    def dns_ip(self) -> str:
        return str(self.network.network_address + 10)

    def _random_ip(self) -> str:
        size = self.network.num_addresses
        for _ in range(10_000):
            candidate = str(self.network.network_address + self.rng.randrange(1, size - 1))
            if candidate not in self._ips and candidate not in self.reserved:
                return candidate
        raise APIError.internal("range is full")

    def _random_port(self) -> int:
        low, high = defaults.NODE_PORT_RANGE
        for _ in range(100_000):
            port = self.rng.randint(low, high)
            if port not in self._ports:
                return port
        raise APIError.internal("range is full")

    def allocate(self, svc: dict) -> None:
        spec = svc.setdefault("spec", {})
        name = svc.get("metadata", {}).get("name", "")
        errors: list[FieldError] = []
        stype = spec.get("type", "ClusterIP")
        wanted_ip = spec.get("clusterIP")
        ip = None
        if stype == "ExternalName":
            spec.pop("clusterIP", None)
        elif wanted_ip == "None":
            spec["clusterIPs"] = ["None"]
        elif wanted_ip:
            try:
                addr = ipaddress.ip_address(wanted_ip)
            except ValueError:
                addr = None
            if addr is None or addr not in self.network:
                errors.append(FieldError.invalid(
                    "spec.clusterIPs", [wanted_ip] if addr is None else wanted_ip,
                    f"failed to allocate IP {wanted_ip}: the provided IP ({wanted_ip}) is not in the "
                    f"valid range. The range of valid IPs is {self.network}"))
            elif wanted_ip in self._ips:
                errors.append(FieldError.invalid(
                    "spec.clusterIPs", [wanted_ip],
                    f"failed to allocate IP {wanted_ip}: provided IP is already allocated"))
            else:
                ip = wanted_ip
        else:
            ip = self._random_ip()
        ports: list[int] = []
        if stype in ("NodePort", "LoadBalancer"):
            for i, port in enumerate(spec.get("ports") or []):
                wanted = port.get("nodePort")
                if wanted:
                    low, high = defaults.NODE_PORT_RANGE
                    if not low <= wanted <= high:
                        errors.append(FieldError.invalid(
                            f"spec.ports[{i}].nodePort", wanted,
                            f"provided port is not in the valid range. The range of valid ports is {low}-{high}"))
                    elif wanted in self._ports or wanted in ports:
                        errors.append(FieldError.invalid(f"spec.ports[{i}].nodePort", wanted,
                                                         "provided port is already allocated"))
                    else:
                        ports.append(wanted)
                else:
                    port["nodePort"] = self._random_port()
                    ports.append(port["nodePort"])
        if errors:
            raise APIError.invalid("Service", name, errors)
        if ip:
            spec["clusterIP"] = ip
            spec["clusterIPs"] = [ip]
            self._ips.add(ip)
        self._ports.update(ports)

    def allocate_missing_node_ports(self, svc: dict) -> list[int]:
        """On an update to ``NodePort``/``LoadBalancer``: a node port for every port without one
        (the ones it had are kept by the update strategy). Returns the ports taken."""
        spec = svc.get("spec") or {}
        taken: list[int] = []
        if spec.get("type") in ("NodePort", "LoadBalancer"):
            for port in spec.get("ports") or []:
                if isinstance(port, dict) and not port.get("nodePort"):
                    port["nodePort"] = self._random_port()
                    self._ports.add(port["nodePort"])
                    taken.append(port["nodePort"])
        return taken

    def release_ports(self, ports) -> None:
        """Give node ports back (a refused or dry-run update, or ports an update dropped)."""
        for port in ports:
            self._ports.discard(port)

    def release(self, svc: dict) -> None:
        if svc.get("kind") != "Service":
            return
        spec = svc.get("spec") or {}
        self._ips.discard(spec.get("clusterIP"))
        for port in spec.get("ports") or []:
            self._ports.discard(port.get("nodePort"))

    def release_dry_run(self, svc: dict) -> None:
        """A dry run shows the addresses it would get but keeps none of them."""
        self.release(svc)
