"""client-go's role inside the simulator: what components use to talk to the API server.

* :mod:`record` — the event recorder (``Scheduled``, ``Pulled``, ``BackOff`` …) with upstream's
  aggregation of repeats into ``count`` / ``lastTimestamp``.
"""

from .record import EventRecorder

__all__ = ["EventRecorder"]
