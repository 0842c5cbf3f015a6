"""Requests per second through the served REST endpoint vs the same calls in-kernel.

One cluster (3 nodes, 30 pods) is served on loopback (HTTPS, the per-cluster CA, a bearer token,
manual clock). Each case runs the same operation in-kernel (``APIServer.get``/``list``, the
baseline) and over HTTP with one keep-alive connection (``http.client``), single-threaded:

* get one pod (JSON), list 30 pods (JSON), list 30 pods as a server-side Table (what ``kubectl get``
  asks for);
* watch: events delivered per second — a watch stream is open while the benchmark writes
  ``N`` label patches in-kernel; the rate is events read by the client over the wall time from the
  first write to the last event read (baseline: the store's own watch callbacks for the same writes).

Run: ``.venv/bin/python bench/rest.py`` (also part of ``make bench``).
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from k8scourse import Cluster  # noqa: E402

N_GET, N_LIST, N_WATCH = 2000, 500, 1000
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


def rate(n, fn):
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def main() -> None:
    cluster = Cluster(nodes=3, seed=0)
    for i in range(30):
        cluster.kubectl(f"run p{i:02d} --image=nginx", echo=False)
    cluster.run(seconds=30)
    folder = tempfile.mkdtemp()
    served = cluster.serve(clock="manual", kubeconfig=os.path.join(folder, "config"))
    context = ssl.create_default_context(cadata=served.ca_pem.decode())
    host, port = "127.0.0.1", int(served.url.rsplit(":", 1)[1])
    headers = {"Authorization": f"Bearer {served.token}", "Accept": "application/json"}
    conn = http.client.HTTPSConnection(host, port, context=context)

    def http_get(path, accept="application/json"):
        conn.request("GET", path, headers=dict(headers, Accept=accept))
        resp = conn.getresponse()
        body = resp.read()
        assert resp.status == 200, body[:200]
        return body

    api = cluster.api
    rows = []
    rows.append(("get one pod", rate(N_GET, lambda: api.get("pods", "p00", "default")),
                 rate(N_GET, lambda: http_get("/api/v1/namespaces/default/pods/p00"))))
    rows.append(("list 30 pods", rate(N_LIST, lambda: api.list("pods", "default")),
                 rate(N_LIST, lambda: http_get("/api/v1/namespaces/default/pods"))))
    from k8scourse.apiserver.tables import to_table
    info = api.info("pods")
    rows.append(("list 30 pods as a Table",
                 rate(N_LIST, lambda: to_table(info, api.list(info, "default")["items"], api.sim.clock.unix_ms())),
                 rate(N_LIST, lambda: http_get("/api/v1/namespaces/default/pods", TABLE))))

    # watch: in-kernel callbacks vs events read off the HTTP stream
    seen = []
    handle = api.watch("pods", seen.append, "default")
    start = time.perf_counter()
    for n in range(N_WATCH):
        api.patch("pods", "p00", "default", {"metadata": {"labels": {"n": str(n)}}}, "merge")
    in_kernel = N_WATCH / (time.perf_counter() - start)
    handle.stop()
    rv = api.store.revision
    stream = http.client.HTTPSConnection(host, port, context=context)
    stream.request("GET", f"/api/v1/namespaces/default/pods?watch=true&resourceVersion={rv}", headers=headers)
    resp = stream.getresponse()
    got = []
    done = threading.Event()

    def read():
        while len(got) < N_WATCH:
            line = resp.readline()
            if not line:
                break
            got.append(json.loads(line))
        done.set()
    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.2)
    start = time.perf_counter()
    for n in range(N_WATCH):
        with served.lock:
            api.patch("pods", "p00", "default", {"metadata": {"labels": {"n": f"w{n}"}}}, "merge")
    done.wait(120)
    over_http = len(got) / (time.perf_counter() - start)
    rows.append(("watch events (label patches)", in_kernel, over_http))
    stream.close()
    conn.close()
    served.stop()

    print(f"{'case':34} {'in-kernel /s':>14} {'REST /s':>10} {'REST ÷ in-kernel':>17}")
    for name, base, rest in rows:
        print(f"{name:34} {base:14,.0f} {rest:10,.0f} {rest / base:17.3f}")


if __name__ == "__main__":
    main()
