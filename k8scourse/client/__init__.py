"""client-go's role inside the simulator: what components use to talk to the API server.

* :mod:`record` — the event recorder (``Scheduled``, ``Pulled``, ``BackOff`` …) with upstream's
  aggregation of repeats into ``count`` / ``lastTimestamp``;
* :mod:`events` — the events.k8s.io/v1 recorder of kube-scheduler and kube-proxy (``eventTime``,
  ``action``, ``reportingInstance``, repeats as a ``series``).
"""

from .events import EventBroadcaster, EventsRecorder
from .record import EventRecorder

__all__ = ["EventBroadcaster", "EventRecorder", "EventsRecorder"]
