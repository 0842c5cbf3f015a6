"""Components: the processes a cluster is made of, each started and stopped on its own.

A Kubernetes cluster is a set of processes — etcd, kube-apiserver, kube-controller-manager,
kube-scheduler, cloud-controller-manager on the control plane; a kubelet and kube-proxy on every
node; add-ons such as CoreDNS and metrics-server — that talk to each other only through the API
server. Each can die and come back on its own, which is what fault injection does
(:mod:`k8scourse.faults`). They share one small shape:

* ``name`` — the process name (``kube-scheduler``, ``kubelet/<node>``);
* ``running`` — whether it is up;
* ``start()`` / ``stop()`` — bring it up (a re-list and resync for the ones that watch) or kill it.

:class:`Components` is the registry the composition root (:mod:`k8scourse.engine`) fills: it finds a
component by name or by a usual alias (``scheduler`` for ``kube-scheduler``).

>>> class Demo:
...     name, running = "kube-scheduler", False
...     def start(self): self.running = True; return self
...     def stop(self): self.running = False
>>> reg = Components(); _ = reg.add(Demo(), "scheduler")
>>> reg["scheduler"].start().running, reg.names()
(True, ['kube-scheduler'])
>>> reg["etcd"]
Traceback (most recent call last):
...
k8scourse.errors.SimulationError: unknown component 'etcd'; one of: kube-scheduler
"""

from __future__ import annotations

from typing import Iterator, Protocol, runtime_checkable

from .errors import SimulationError
from .i18n import t


@runtime_checkable
class Component(Protocol):
    name: str

    @property
    def running(self) -> bool: ...

    def start(self) -> object: ...

    def stop(self) -> None: ...


class Components:
    """Components by name (and alias), in the order they were added."""

    def __init__(self) -> None:
        self._by_name: dict[str, Component] = {}
        self._aliases: dict[str, str] = {}

    def add(self, component: Component, *aliases: str) -> Component:
        self._by_name[component.name] = component
        for alias in aliases:
            self._aliases[alias] = component.name
        return component

    def remove(self, name: str) -> None:
        self._by_name.pop(name, None)
        for alias in [a for a, n in self._aliases.items() if n == name]:
            del self._aliases[alias]

    def resolve(self, name: str) -> str:
        """The canonical name of ``name`` (an alias or a name); SimulationError when unknown."""
        if not isinstance(name, str):
            raise SimulationError(t("sim.component_name", got=type(name).__name__))
        canonical = self._aliases.get(name, name)
        if canonical not in self._by_name:
            raise SimulationError(t("sim.unknown_component", name=name, known=", ".join(self.names())))
        return canonical

    def __getitem__(self, name: str) -> Component:
        return self._by_name[self.resolve(name)]

    def get(self, name: str) -> Component | None:
        return self._by_name.get(self._aliases.get(name, name))

    def __contains__(self, name: str) -> bool:
        return self._aliases.get(name, name) in self._by_name

    def __iter__(self) -> Iterator[Component]:
        return iter(list(self._by_name.values()))

    def names(self) -> list[str]:
        return list(self._by_name)
