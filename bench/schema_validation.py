"""What strict decoding and schema validation cost (k8scourse.apiserver.validation.schema).

Cold: locating kubernetes-validate's schemas, importing jsonschema and loading the definitions, the
first Pod validation; then another kind's first validation, warm decode + required-field checks per
pod, and ``APIServer.create`` of that pod end to end. Run in a fresh process (cold costs are per
process): ``.venv/bin/python bench/schema_validation.py``.
"""

import time

from k8scourse.api.kinds import REGISTRY
from k8scourse.apiserver import APIServer
from k8scourse.apiserver.validation import schema
from k8scourse.sim import Simulation

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "labels": {"app": "web"}},
       "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}],
                                "resources": {"requests": {"cpu": "250m", "memory": "64Mi"},
                                              "limits": {"cpu": "500m", "memory": "128Mi"}}}]}}


def main() -> None:
    info = REGISTRY.by_name("pods")
    t0 = time.perf_counter()
    schema._schema_dir()
    ta = time.perf_counter()
    schema._setup()
    tb = time.perf_counter()
    schema.decode_errors(info, POD)
    t1 = time.perf_counter()
    schema.decode_errors(REGISTRY.by_name("deployments"),
                         {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}})
    t2 = time.perf_counter()
    n = 2000
    for _ in range(n):
        schema.decode_errors(info, POD)
        schema.required_errors(info, POD)
    t3 = time.perf_counter()
    api = APIServer(Simulation(seed=0))
    api.create(dict(POD, metadata={"name": "warm"}))
    m = 500
    t4 = time.perf_counter()
    for i in range(m):
        api.create(dict(POD, metadata={"name": f"p{i}"}))
    t5 = time.perf_counter()
    print(f"locate kubernetes_validate's schemas: {(ta - t0) * 1000:.0f} ms")
    print(f"import jsonschema, load definitions:  {(tb - ta) * 1000:.0f} ms")
    print(f"first Pod validation after that:      {(t1 - tb) * 1000:.0f} ms")
    print(f"first validation (cold, total):       {(t1 - t0) * 1000:.0f} ms")
    print(f"another kind's first validation:      {(t2 - t1) * 1000:.2f} ms")
    print(f"decode+required per pod (warm):       {(t3 - t2) / n * 1000:.3f} ms")
    print(f"APIServer.create per pod (warm):      {(t5 - t4) / m * 1000:.3f} ms")
    print(f"ratio create / decode+required:       {((t5 - t4) / m) / ((t3 - t2) / n):.2f}")


if __name__ == "__main__":
    main()
