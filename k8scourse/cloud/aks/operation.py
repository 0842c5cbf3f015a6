"""What the AKS modules share: the resource type, node timings and long-running operations.

An :class:`Operation` is an ARM long-running operation on the simulated clock: a generator that
yields the milliseconds to wait before its next step. ``az`` waits for one to finish (printing
`` - Running ..``) unless ``--no-wait`` is given; then it goes on as time passes. A step that
raises a :class:`~k8scourse.cloud.errors.CloudError` fails the operation with it.

Nodes are VM scale set instances named ``aks-<pool>-<8 digits>-vmss<6-digit index>``:

>>> node_index("aks-nodepool1-12345678-vmss000002")
2
>>> parse_taint("sku=gpu:NoSchedule")
{'key': 'sku', 'effect': 'NoSchedule', 'value': 'gpu'}
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

from ..errors import CloudError, OperationTimeout

TYPE = "Microsoft.ContainerService/managedClusters"
NODE_BOOT_MS = 110_000          # VMSS instance requested -> node registered and Ready
NODE_DELETE_MS = 30_000         # VMSS instance deletion
CLUSTER_DELETE_MS = 300_000     # az aks delete: nodes drained away after 1 min, the rest gone after 5
NODE_IMAGE = "AKSUbuntu-2204gen2containerd-202602.10.0"
OS_DISK_GB = 128


class Operation:
    """A long-running operation on the simulated clock: a generator yielding delays in ms."""

    def __init__(self, sim, steps: Iterator[int], name: str, on_error: Callable | None = None):
        self.sim, self.name, self._steps, self._on_error = sim, name, steps, on_error
        self.done = False
        self.running = False              # inside one of its own steps
        self.error: CloudError | None = None
        # ARM accepts the request at once: what the operation does before its first wait (the
        # cluster shows "Deleting", "Upgrading" …) is visible right away, even with --no-wait.
        self._advance()

    def cancel(self) -> None:
        """The resource went away under the operation (its resource group was deleted): it stops."""
        if not self.done:
            self.done = True
            self._steps.close()

    def _advance(self) -> None:
        if self.done:
            return
        self.running = True
        try:
            delay = next(self._steps)
        except StopIteration:
            self.done = True
            return
        except CloudError as exc:
            self.error, self.done = exc, True
            if self._on_error:
                self._on_error(exc)
            return
        finally:
            self.running = False
        if self.done:                     # the step released its own resource
            return
        self.sim.schedule(max(0, int(delay)), self._advance, name=self.name)

    def wait(self, timeout_s: float = 6 * 3600) -> None:
        """Run the simulation until this operation ends (the CLI's wait for a long-running call)."""
        deadline = self.sim.now_ms + int(timeout_s * 1000)
        while not self.done:
            due = self.sim.queue.peek_time()
            if due is None or due > deadline:
                raise OperationTimeout(f"the operation {self.name} did not finish within {timeout_s:.0f} s")
            self.sim.step()
        if self.error is not None:
            raise self.error



def node_index(name: str) -> int:
    match = re.search(r"vmss([0-9]{6})$", name)
    return int(match.group(1)) if match else -1


def parse_taint(text: str) -> dict:
    key_value, _, effect = text.partition(":")
    key, _, value = key_value.partition("=")
    taint = {"key": key, "effect": effect}
    if value:
        taint["value"] = value
    return taint


def guid(rng) -> str:
    h = f"{rng.randrange(16 ** 32):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
