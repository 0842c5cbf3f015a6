"""Convergence after control-plane outages: how many seeded campaigns end converged.

Each campaign (``tests/controllers/convergence.py``) runs a 3-node cluster with a Deployment and a
StatefulSet mid-rollout, a Service, a bare ReplicaSet, a DaemonSet and a Job; stops the API server,
etcd or the controller manager at a random moment of the rollout for 1–600 simulated seconds;
starts it again; and runs until everything is as desired (30 simulated minutes at most). A user
action (delete a pod, scale, delete a ReplicaSet or the Service) happens while the controller
manager is down, or just before an API-server or etcd outage.

Run: `.venv/bin/python bench/convergence.py [--seeds 500] [--first 0] [--budget 1800]`
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "controllers"))

from convergence import campaign  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=500)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--budget", type=int, default=1800, help="simulated seconds after the heal")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every campaign")
    args = parser.parse_args()
    started = time.perf_counter()
    outcomes = []
    for seed in range(args.first, args.first + args.seeds):
        outcome = campaign(seed, args.budget)
        outcomes.append(outcome)
        if args.verbose or not outcome.converged:
            state = f"converged after {outcome.converged_after_s} s" if outcome.converged else \
                f"NOT converged: {'; '.join(outcome.problems[:4])}"
            print(f"seed {seed}: {outcome.fault} at +{outcome.at_ms} ms for {outcome.outage_ms} ms, "
                  f"{outcome.action}: {state}",
                  flush=True)
    wall = time.perf_counter() - started
    ok = [o for o in outcomes if o.converged]
    print(f"\n{len(ok)} of {len(outcomes)} campaigns converged ({100 * len(ok) / len(outcomes):.1f} %), "
          f"wall {wall:.0f} s ({wall / len(outcomes):.2f} s per campaign)")
    for fault in sorted({o.fault for o in outcomes}):
        mine = [o for o in outcomes if o.fault == fault]
        good = [o.converged_after_s for o in mine if o.converged]
        median = f", median {statistics.median(good):.0f} s / max {max(good)} s after the heal" if good else ""
        print(f"  {fault:<20} {len(good)} of {len(mine)} converged{median}")
    for action in sorted({o.action for o in outcomes}):
        mine = [o for o in outcomes if o.action == action]
        print(f"  action {action:<14} {sum(o.converged for o in mine)} of {len(mine)} converged")
    reasons = Counter(p.split(":")[0] for o in outcomes if not o.converged for p in o.problems[:1])
    for reason, count in reasons.most_common(10):
        print(f"  first problem ×{count}: {reason}")
    return 0 if len(ok) == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
