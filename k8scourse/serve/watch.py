"""Watch streams: ``GET …?watch=true`` as a chunked stream of JSON events, one per line.

Models the API server's watch handler over etcd's watch (``k8s.io/apiserver/pkg/endpoints/handlers/
watch.go``, ``storage/cacher``):

* ``resourceVersion`` unset or ``0``: synthetic ``ADDED`` events for every object that exists, then
  the changes; a revision ``N``: every change after ``N`` (replayed from etcd's history), then the
  live ones; a revision older than the history kept (``WATCH_HISTORY_REVISIONS``) is ``410 Gone``
  with reason ``Expired`` (``too old resource version: 5 (120)``);
* label and field selectors are applied to every event, and an object that starts or stops matching
  is sent as ``ADDED`` or ``DELETED``, as the watch cache does;
* ``allowWatchBookmarks=true``: a ``BOOKMARK`` event (kind, apiVersion and the current
  ``resourceVersion`` only) every ``WATCH_BOOKMARK_SECONDS`` of quiet;
* ``timeoutSeconds`` ends the stream cleanly (else after ``WATCH_TIMEOUT_SECONDS``);
* ``Accept: …;as=Table`` (``kubectl get -w``): each event's object is a one-row Table; only the
  first carries the column definitions.

Events come from the store's callbacks on whichever thread wrote (the notebook's, the clock's); they
are handed to the server's asyncio loop with ``call_soon_threadsafe``.

>>> from k8scourse.engine import ClusterEngine
>>> from k8scourse.serve.rest import RestAPI
>>> e = ClusterEngine(nodes=0, seed=0)
>>> req = RestAPI(e).handle("GET", "/api/v1/namespaces", {"watch": "true"}, {})
>>> session = WatchSession(e.api, req)
>>> [ev["type"] for ev in session.start(lambda ev: None)]
['ADDED', 'ADDED', 'ADDED', 'ADDED']
>>> session.stop()
"""

from __future__ import annotations

from typing import Callable

from ..api.fields import parse_field_selector, selectable_fields
from ..api.labels import parse_selector
from ..api.objects import copy_json, dig
from ..apiserver.server import stored_field_selector
from ..apiserver.store import WatchEvent
from ..apiserver.tables import to_table
from .rest import WatchRequest, _partial


class WatchSession:
    """One client's watch: its initial events, its filter and its subscription to the store."""

    def __init__(self, api, request: WatchRequest):
        self.api = api
        self.req = request
        self._labels = parse_selector(request.label_selector) if request.label_selector else None
        self._fields = parse_field_selector(stored_field_selector(request.info, request.field_selector)) \
            if request.field_selector else None
        self._matching: set[tuple[str, str]] = set()
        self._sent_columns = False
        self._handle = None
        self.revision = api.store.revision

    # ------------------------------------------------------------------ filter
    def _matches(self, obj: dict) -> bool:
        if self._labels is not None and not self._labels.matches(dig(obj, "metadata", "labels", default={})):
            return False
        if self._fields is not None and not self._fields.matches(selectable_fields(self.req.info.kind, obj)):
            return False
        return True

    def _event(self, kind: str, key: tuple[str, str], obj: dict, revision: int) -> dict | None:
        """The event the client sees for a write (or None): selectors turn entries and exits into
        ADDED/DELETED."""
        now = self._matches(obj) if kind != "DELETED" else False
        was = key in self._matching
        if kind == "DELETED":
            if not was:
                return None
            self._matching.discard(key)
        elif now and not was:
            self._matching.add(key)
            kind = "ADDED"
        elif was and not now:
            self._matching.discard(key)
            kind = "DELETED"
        elif not now:
            return None
        if kind == "DELETED" or dig(obj, "metadata", "resourceVersion") != str(revision):
            obj = copy_json(obj)
            obj.setdefault("metadata", {})["resourceVersion"] = str(revision)
        self.revision = max(self.revision, revision)
        return {"type": kind, "object": obj}

    def _in_scope(self, namespace: str) -> bool:
        return self.req.namespace is None or namespace == self.req.namespace

    # ------------------------------------------------------------------ start / stop
    def start(self, deliver: Callable[[dict], None]) -> list[dict]:
        """Call under the engine's lock: the events to send first, and subscribe ``deliver`` for the
        rest (it is called on the writing thread with each later event, already filtered)."""
        info = self.req.info
        initial: list[dict] = []
        if self.req.send_initial:
            for obj in self.api.store.list(info.storage_resource, self.req.namespace, copy=False):
                md = obj["metadata"]
                event = self._event("ADDED", (md.get("namespace", ""), md["name"]), obj,
                                    int(md.get("resourceVersion") or 0))
                if event:
                    initial.append(event)
        else:
            # replay: what matched at the start revision is found by replaying history up to it
            for entry in self.api.store.history():
                if entry.key[0] != info.storage_resource or not self._in_scope(entry.key[1]):
                    continue
                key = (entry.key[1], entry.key[2])
                if entry.revision <= self.req.since:
                    if entry.verb == "delete":
                        self._matching.discard(key)
                    elif self._matches(entry.object):
                        self._matching.add(key)
                    else:
                        self._matching.discard(key)
                    continue
                kind = {"create": "ADDED", "update": "MODIFIED", "delete": "DELETED"}[entry.verb]
                event = self._event(kind, key, entry.object, entry.revision)
                if event:
                    initial.append(event)
        self.revision = max(self.revision, self.api.store.revision)

        def on_write(ev: WatchEvent) -> None:
            md = ev.object.get("metadata") or {}
            event = self._event(ev.type, (md.get("namespace", ""), md.get("name", "")), ev.object, ev.revision)
            if event is not None:
                deliver(event)

        self._handle = self.api.watch(info, on_write, self.req.namespace)
        return initial

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.stop()
            self._handle = None

    # ------------------------------------------------------------------ encoding
    def bookmark(self) -> dict:
        info = self.req.info
        return {"type": "BOOKMARK", "object": {"kind": info.kind, "apiVersion": info.api_version,
                                               "metadata": {"resourceVersion": str(self.revision)}}}

    def encode(self, event: dict, now_unix_ms: int) -> dict:
        """The event as sent: the object itself, or a one-row Table for ``as=Table`` watches."""
        if event["type"] in ("BOOKMARK", "ERROR"):
            return event
        obj = event["object"]
        if self.req.api_version:
            from ..apiserver.validation import convert_to_version
            obj = convert_to_version(self.req.info, obj, self.req.api_version)
        if not self.req.table:
            return {"type": event["type"], "object": obj}
        table = to_table(self.req.info, [obj], now_unix_ms)
        if self._sent_columns:
            table["columnDefinitions"] = None
        self._sent_columns = True
        for row in table["rows"]:
            row.pop("object")
            if self.req.include_object == "Object":
                row["object"] = obj
            elif self.req.include_object == "Metadata":
                row["object"] = _partial(obj)
        table["metadata"] = {"resourceVersion": dig(obj, "metadata", "resourceVersion", default="")}
        return {"type": event["type"], "object": table}
