"""An idle lecture cluster left running for a simulated week: 3 nodes, one 3-replica nginx Deployment.

Nothing changes after the first minute: the cost is what the steady state costs per simulated
second — node leases (every 10 s per node), node status checks (10 s, written every 5 min),
cAdvisor housekeeping and the eviction manager (10 s per node), metrics-server scrapes (15 s), the
node lifecycle controller's monitor pass (5 s), CoreDNS's probes and Event count updates. The goal
of issue 18 is a week in under 2 s of CPU (then: 4 idle pods for a week did not finish in 2
minutes). Reports CPU time of this process (``time.process_time``) for the whole span and for its
first simulated day, the simulated/CPU ratio, and the store revision reached (the number of writes).

Run: ``.venv/bin/python bench/idle_week.py [--days N]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from k8scourse import Cluster

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

DAY_S = 24 * 3600


def scenario(days: int, seed: int = 0) -> dict:
    c = Cluster(nodes=3, seed=seed)
    c.kubectl("create deployment web --image=nginx --replicas=3", echo=False)
    c.run(seconds=60)                       # the Deployment comes up; from here on nothing changes
    start_rev = c.store.revision
    t0 = time.process_time()
    c.run(seconds=DAY_S - 60)
    first_day = time.process_time() - t0
    day_rev = c.store.revision
    if days > 1:
        c.run(seconds=(days - 1) * DAY_S)
    total = time.process_time() - t0
    running = sum(1 for p in c.list("pods", namespace="default") if p["status"].get("phase") == "Running")
    return {"days": days, "cpu_s": round(total, 3), "first_day_cpu_s": round(first_day, 3),
            "writes_first_day": day_rev - start_rev, "writes": c.store.revision - start_rev,
            "events_processed": c.sim.steps, "running_pods": running}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="also print BENCH records")
    opts = parser.parse_args()
    result = scenario(opts.days)
    print(json.dumps(result, indent=1))
    simulated = opts.days * DAY_S - 60
    benchlib.emit(f"idle cluster, {opts.days} simulated day{'s' if opts.days > 1 else ''}", result["cpu_s"], "s CPU",
                  baseline=simulated, baseline_name="simulated seconds", ratio=simulated / result["cpu_s"],
                  ratio_name="simulated / CPU", command=f".venv/bin/python bench/idle_week.py --days {opts.days}",
                  writes=result["writes"], events=result["events_processed"])
    benchlib.emit("idle cluster, first simulated day", result["first_day_cpu_s"], "s CPU",
                  baseline=DAY_S - 60, baseline_name="simulated seconds",
                  ratio=(DAY_S - 60) / result["first_day_cpu_s"], ratio_name="simulated / CPU",
                  command=f".venv/bin/python bench/idle_week.py --days {opts.days}",
                  writes=result["writes_first_day"])


if __name__ == "__main__":
    main()
