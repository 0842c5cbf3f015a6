"""API-server write path: pods created per second through the full request path, against a baseline
that writes the same pods straight into the store (no decode, defaults, admission or validation).
Times are CPU seconds of this process.

Run: `.venv/bin/python bench/api_throughput.py [--pods N] [--json]`
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

from k8scourse.apiserver import APIServer
from k8scourse.sim import Simulation


def pod(i: int) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"web-{i}", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80}],
                                     "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    n = parser.parse_args().pods
    api = APIServer(Simulation(seed=0))
    api.create(pod(-1))                      # warm the schema cache, as a notebook's first apply does
    start = time.process_time()
    for i in range(n):
        api.create(pod(i), user="bench")
    full = time.process_time() - start
    store = APIServer(Simulation(seed=0)).store
    start = time.process_time()
    for i in range(n):
        store.create(("pods", "default", f"web-{i}"), pod(i), actor="bench")
    base = time.process_time() - start
    print(f"pods: {n}")
    print(f"store only (baseline): {n / base:,.0f} pods/s")
    print(f"full API path:         {n / full:,.0f} pods/s  ({full / base:.1f}x the baseline's time)")
    benchlib.emit("pods created through the full API path", n / full, "pods/s", baseline=n / base,
                  baseline_name="store only (pods/s)", ratio=full / base, ratio_name="time x store only",
                  command=f".venv/bin/python bench/api_throughput.py --pods {n}")


if __name__ == "__main__":
    main()
