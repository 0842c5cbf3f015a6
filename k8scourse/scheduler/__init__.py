"""kube-scheduler: a framework of plugins with the upstream extension points and default profile.

``Scheduler(api, recorder).start()`` watches pods and nodes and binds pending pods;
``Scheduler.explain(namespace, name)`` answers "why there / why Pending?" per node and plugin, and
:func:`format_explanation` prints that as a table. Modules: ``framework`` (statuses, extension
points), ``runtime`` (the default profile), ``algorithm`` (one attempt, node by node: the
reference), ``batch`` (the same attempt for every node at once with numpy, from 100 nodes on),
``queue``, ``cache``, ``nodeinfo``, ``arrays`` and ``podindex`` (what the cache keeps for the numpy
path), ``plugins/`` (one module per in-tree plugin), ``explain``.
"""

from .explain import format_explanation
from .framework import CycleState, Plugin, Status
from .scheduler import Scheduler

__all__ = ["CycleState", "Plugin", "Scheduler", "Status", "format_explanation"]
