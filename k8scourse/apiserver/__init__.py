"""kube-apiserver and its etcd: admission, validation, defaulting and the versioned store."""

from .server import APIServer, Request
from .store import Store, WatchEvent

__all__ = ["APIServer", "Request", "Store", "WatchEvent"]
