"""The component trace: who did what, when, in simulated time.

Every component (API server, etcd, scheduler, controllers, kubelets, kube-proxy, DNS) appends a line
here, so the architecture chapter can show the path of one ``kubectl apply`` through the cluster.

>>> log = TraceLog()
>>> log.record(0, "kube-apiserver", "create", "pods/default/web", "admitted")
>>> [str(e) for e in log]
['0.000s kube-apiserver create pods/default/web: admitted']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class TraceEntry:
    time_ms: int
    component: str
    action: str
    target: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.time_ms / 1000:.3f}s {self.component} {self.action} {self.target}"
        return f"{text}: {self.detail}" if self.detail else text


class TraceLog:
    """Append-only; bounded so a long simulation cannot eat the kernel's memory.

    Entries are kept as plain tuples (a hot path: several per scheduled pod) and become
    :class:`TraceEntry` objects when read."""

    def __init__(self, limit: int = 100_000):
        self._entries: list[tuple] = []
        self._limit = limit
        self.dropped = 0

    def record(self, time_ms: int, component: str, action: str, target: str, detail: str = "") -> None:
        self._entries.append((time_ms, component, action, target, detail))
        if len(self._entries) > self._limit:
            # Drop the oldest tenth at once so appends stay amortised O(1).
            cut = self._limit // 10
            del self._entries[:cut]
            self.dropped += cut

    def __iter__(self) -> Iterator[TraceEntry]:
        return iter([TraceEntry(*e) for e in self._entries])

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self, component: str | None = None, since_ms: int = 0) -> list[TraceEntry]:
        return [TraceEntry(*e) for e in self._entries
                if e[0] >= since_ms and (component is None or e[1] == component)]
