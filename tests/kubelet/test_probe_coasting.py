"""Coasting probes and compiled print loops change the cost, never the outcome (issue 18).

Each scenario runs twice from the same seed: once with every probe as its own event and every
shell loop interpreted step by step (the reference: ``prober.SHORTCUTS = False``,
``shell.COMPILED_LOOPS = False``), once with the shortcuts. At several times, with faults between
them, it takes the whole API history (every write: revision, time, verb, key, actor, object with
its resourceVersion), ``kubectl logs`` (plain, ``--timestamps``, ``--since``, ``--tail``,
``--previous``), ``describe`` and ``get -o wide``, and the two runs must agree byte for byte. A
check that the shortcut really is taken (far fewer events) keeps the test from passing vacuously.
"""

from __future__ import annotations

import json

import pytest

from k8scourse import Cluster
from k8scourse.kubelet import prober
from k8scourse.runtime import shell

WEB = """apiVersion: v1
kind: Pod
metadata: {{name: web-{i}, labels: {{app: web}}}}
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports: [{{containerPort: 80}}]
    livenessProbe: {{httpGet: {{path: /, port: 80}}, periodSeconds: {period}}}
    readinessProbe: {{httpGet: {{path: /index.html, port: 80}}, periodSeconds: 10}}
"""
REDIS = """apiVersion: v1
kind: Pod
metadata: {{name: redis-{i}}}
spec:
  containers:
  - name: redis
    image: redis:7
    readinessProbe: {{tcpSocket: {{port: 6379}}, initialDelaySeconds: {delay}}}
"""
LOOP = """apiVersion: v1
kind: Pod
metadata: {{name: loop-{i}}}
spec:
  containers:
  - name: loop
    image: busybox:1.36
    command: ["sh", "-c", "touch /tmp/ok; while true; do echo $(date); sleep 5; done"]
    livenessProbe: {{exec: {{command: [cat, /tmp/ok]}}, periodSeconds: 5}}
  - name: side
    image: busybox:1.36
    command: ["sh", "-c", "i=0; while true; do echo \\"$i: $(date +%H:%M:%S) on $HOSTNAME\\"; i=$((i+1)); sleep 3; done"]
"""
EXEC_LIVENESS = """apiVersion: v1
kind: Pod
metadata: {{name: live-{i}}}
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    livenessProbe: {{exec: {{command: [cat, /tmp/healthy]}}, initialDelaySeconds: 5, periodSeconds: 5}}
"""
CRASH = """apiVersion: v1
kind: Pod
metadata: {name: crash-0}
spec:
  containers:
  - name: crash
    image: busybox:1.36
    command: ["sh", "-c", "echo boom; exit 1"]
"""


MIXED = """apiVersion: apps/v1
kind: Deployment
metadata: {name: twins}
spec:
  replicas: 3
  selector: {matchLabels: {app: twins}}
  template:
    metadata: {labels: {app: twins}}
    spec:
      containers:
      - name: app
        image: busybox:1.36
        command: ["sh", "-c", "touch /tmp/ok; sleep 40; rm /tmp/ok; sleep 3600"]
        livenessProbe: {exec: {command: [cat, /tmp/ok]}, periodSeconds: 5, failureThreshold: 2}
        readinessProbe: {exec: {command: [cat, /tmp/ok]}, periodSeconds: 5}
---
apiVersion: v1
kind: Pod
metadata: {name: flip}
spec:
  containers:
  - name: web
    image: httpd:2.4
    startupProbe: {httpGet: {path: /, port: 80}, periodSeconds: 3}
    readinessProbe: {exec: {command: [cat, /tmp/r]}, periodSeconds: 4}
    command: ["sh", "-c", "while true; do touch /tmp/r; sleep 20; rm /tmp/r; sleep 20; done"]
  - name: side
    image: nginx:1.25
    livenessProbe: {tcpSocket: {port: 80}, periodSeconds: 6}
    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 4, initialDelaySeconds: 2}
---
apiVersion: v1
kind: Pod
metadata: {name: agn}
spec:
  containers:
  - name: agn
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args: [liveness]
    livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 3, initialDelaySeconds: 3}
"""


def _manifest() -> str:
    docs = [WEB.format(i=i, period=(10 if i % 2 else 7)) for i in range(4)]
    docs += [REDIS.format(i=i, delay=i * 3) for i in range(2)]
    docs += [LOOP.format(i=i) for i in range(2)]
    docs += [EXEC_LIVENESS.format(i=i) for i in range(2)]
    docs.append(CRASH)
    return "---\n".join(docs)


def _observe(c: Cluster) -> str:
    out = c.__dict__.pop("_said", [])
    out += [json.dumps([[h.revision, h.time_ms, h.verb, list(h.key), h.actor, h.object]
                        for h in c.store.history()], sort_keys=True)]
    for cmd in ("get pods -o wide", "describe pods", "logs web-0", "logs web-1 --timestamps",
                "logs web-2 --since=20s", "logs web-3 --tail=3", "logs loop-0 -c loop --tail=4 --timestamps",
                "logs loop-1 -c side --since=10s", "logs loop-0 -c loop --previous --timestamps",
                "logs live-0 --previous", "get events"):
        try:
            out.append(c.kubectl(cmd, echo=False))
        except Exception as exc:            # an error text is an output too
            out.append(f"{type(exc).__name__}: {exc}")
    return "\n".join(out)


def _scenario(monkeypatch, shortcuts: bool, actions) -> tuple[list[str], int]:
    monkeypatch.setattr(prober, "SHORTCUTS", shortcuts)
    monkeypatch.setattr(shell, "COMPILED_LOOPS", shortcuts)
    c = Cluster(nodes=3, seed=7)
    c.apply(_manifest(), echo=False)
    seen = []
    before = c.engine.sim.steps if hasattr(c, "engine") else 0
    for act in actions:
        act(c)
        seen.append(_observe(c))
    steps = c.engine.sim.steps - before
    return seen, steps


def _exec(cmd):
    """A command whose output (or error) is part of the next observation."""
    def act(c):
        try:
            out = c.kubectl(cmd, echo=False)
        except Exception as exc:
            out = f"{type(exc).__name__}: {exc}"
        c.__dict__.setdefault("_said", []).append(f"$ kubectl {cmd}\n{out}")
    return act


def _run(seconds, ms=None):
    def act(c):
        if ms is not None:
            c.engine.sim.run(ms=ms)
        else:
            c.run(seconds=seconds)
    return act


def _run_to(ms):
    def act(c):
        c.engine.sim.run(ms=ms - c.engine.sim.now_ms)
    return act


def _run_to_probe(prefix: str, periods: int, period_ms: int = 5000):
    """Run to the millisecond of a probe of the pods named ``prefix…`` (started together)."""
    def act(c):
        started = min(h.time_ms for h in c.store.history() if h.key[0] == "events" and
                      h.object.get("reason") == "Started" and h.object["involvedObject"]["name"].startswith(prefix))
        now = c.engine.sim.now_ms
        target = started + periods * period_ms
        if target < now:                        # already past: the next probe millisecond from now
            target = started + -(-(now - started) // period_ms) * period_ms
        c.engine.sim.run(ms=target - now)
    return act


def _exec_first(prefix: str, command: str):
    """``kubectl exec`` into the first-started pod named ``prefix…``."""
    def act(c):
        first = min((h.time_ms, h.object["involvedObject"]["name"]) for h in c.store.history()
                    if h.key[0] == "events" and h.object.get("reason") == "Started" and
                    h.object["involvedObject"]["name"].startswith(prefix))
        c.kubectl(f"exec {first[1]} -- {command}", echo=False)
    return act


# Four replicas start in the same millisecond on one node: their probes fall due together, and
# the order of their Unhealthy events (resourceVersions) is the reference's event order.
TWINS = MIXED.split("---")[0].replace("replicas: 3", "replicas: 6").replace("sleep 40", "sleep 70")

SCENARIOS = {
    "steady": [_run(60), _run(600), _run(1)],
    "faults": [
        _run(45), _exec("exec loop-0 -c loop -- rm /tmp/ok"), _run(12, ms=12_345),
        _exec("exec web-0 -- rm /usr/share/nginx/html/index.html"), _run(31),
        _exec("exec web-1 -- kill 1"), _run(50),
        _exec("exec loop-1 -c loop -- touch /tmp/extra"), _run(20),
        _exec("exec web-2 -- sh -c 'echo hi > /usr/share/nginx/html/index.html'"), _run(15),
        _exec("logs -f web-3 --since=5s"), _run(40),
        _exec("""patch pod crash-0 --subresource=status --type=merge -p '{"status":{"conditions":[]}}'"""), _run(30),
        _exec("label pod crash-0 seen=yes"), _run(20),
        _exec("logs -f loop-0 -c side --since=4s --timestamps"), _run(7),
        lambda c: c.faults.crash_container("loop-0", "loop"), _run(9), _exec("logs loop-0 -c loop --previous --tail=2"),
        _run(31), _exec("delete pod loop-1 --wait=false"), _run(45), _exec("delete pod redis-0 --wait=false"), _run(25),
    ],
    "mixed": [lambda c: c.apply(MIXED, echo=False), _run(95), _exec("exec flip -c side -- kill 1"), _run(33),
              _exec("exec flip -c side -- rm /usr/share/nginx/html/index.html"), _run(60)],
    "ties": [_run(60), lambda c: c.apply(TWINS, echo=False), _run(5), _run_to_probe("twins", 3),
             _exec_first("twins", "rm /tmp/ok"), _run_to_probe("twins", 6), _exec("exec web-1 -- kill 1"),
             _run_to(96_500), _exec_first("twins", "touch /tmp/ok"), _run(70)],
    "node-down": [_run(70), lambda c: c.faults.stop_kubelet(sorted(c.kubelets)[1]), _run(13),
                  lambda c: c.faults.start_kubelet(sorted(c.kubelets)[1]), _run(47),
                  lambda c: c.faults.stop_node(sorted(c.kubelets)[2]), _run(90)],
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_shortcuts_match_the_reference(monkeypatch, name):
    ref, ref_steps = _scenario(monkeypatch, False, SCENARIOS[name])
    fast, fast_steps = _scenario(monkeypatch, True, SCENARIOS[name])
    for i, (a, b) in enumerate(zip(ref, fast)):
        if a != b:
            import difflib
            diff = "\n".join(list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=1))[:60])
            pytest.fail(f"observation {i} of {name!r} differs:\n{diff}")
    assert fast_steps < ref_steps * (0.6 if name == "steady" else 0.9), (fast_steps, ref_steps)


COUNTER = """apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
  - name: count
    image: busybox:1.36
    command: ["sh", "-c", "i=0; while true; do echo \\"$i: $(date)\\"; i=$((i+1)); sleep 1; done"]
"""


def test_long_print_loop_keeps_the_log_the_interpreter_keeps(monkeypatch):
    """Four simulated hours of a 1-second loop: past the kubelet's log limit, so old lines are cut
    exactly where running every step cuts them; the compiled loop renders lines only when read."""
    outs = []
    for shortcuts in (False, True):
        monkeypatch.setattr(prober, "SHORTCUTS", shortcuts)
        monkeypatch.setattr(shell, "COMPILED_LOOPS", shortcuts)
        c = Cluster(nodes=1, seed=3)
        c.apply(COUNTER, echo=False)
        seen = []
        for hours in (1, 3):
            c.run(seconds=hours * 3600)
            text = c.kubectl("logs counter", echo=False)
            seen += [len(text.splitlines()), text.splitlines()[:2], c.kubectl("logs counter --tail=3 --timestamps",
                                                                             echo=False),
                     c.kubectl("logs counter --since=90s", echo=False)]
        rec = next(iter(c.kubelets.values())).runtime.running_records()
        program = next(r.program for r in rec if r.name == "count")
        seen.append(program._dropped)
        if shortcuts:
            assert program._tail is not None          # the loop is counted, not interpreted
        outs.append(seen)
    assert outs[0] == outs[1]
    assert outs[0][4] > 10_000 and outs[0][-1] > 0        # the log was cut: the comparison covers the cut


def _random_actions(seed: int, count: int = 14):
    """A seeded mix of waits (some ending on a probe's millisecond) and faults."""
    import random
    rnd = random.Random(seed)
    faults = [
        lambda: _exec(f"exec loop-{rnd.randrange(2)} -c loop -- rm -f /tmp/ok"),
        lambda: _exec(f"exec loop-{rnd.randrange(2)} -c loop -- touch /tmp/ok"),
        lambda: _exec(f"exec web-{rnd.randrange(4)} -- rm -f /usr/share/nginx/html/index.html"),
        lambda: _exec(f"exec web-{rnd.randrange(4)} -- sh -c 'echo back > /usr/share/nginx/html/index.html'"),
        lambda: _exec(f"exec web-{rnd.randrange(4)} -- kill 1"),
        lambda: _exec(f"exec redis-{rnd.randrange(2)} -- kill 1"),
        lambda: _exec(f"logs web-{rnd.randrange(4)} --tail=2 --timestamps"),
        lambda: _exec(f"logs loop-{rnd.randrange(2)} -c side --since={rnd.randrange(1, 30)}s"),
        lambda: (lambda name: lambda c: c.faults.crash_container(name, "loop"))(f"loop-{rnd.randrange(2)}"),
        lambda: (lambda i: lambda c: c.faults.stop_kubelet(sorted(c.kubelets)[i]))(rnd.randrange(3)),
        lambda: (lambda i: lambda c: c.faults.start_kubelet(sorted(c.kubelets)[i]))(rnd.randrange(3)),
        lambda: _run_to_probe("web", rnd.randrange(8, 20), 10_000),
        lambda: _run_to_probe("loop", rnd.randrange(10, 40)),
    ]
    actions = [_run(60)]
    for _ in range(count):
        actions.append(rnd.choice(faults)())
        actions.append(_run(rnd.choice((1, 3, 5, 7, 10, 13, 30)), ms=rnd.randrange(1, 15_000)))
    return actions


@pytest.mark.parametrize("seed", [1, 2])
def test_random_faults_match_the_reference(monkeypatch, seed):
    ref, _ = _scenario(monkeypatch, False, _random_actions(seed))
    fast, _ = _scenario(monkeypatch, True, _random_actions(seed))
    for i, (a, b) in enumerate(zip(ref, fast)):
        if a != b:
            import difflib
            diff = "\n".join(list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=1))[:60])
            pytest.fail(f"observation {i} of seed {seed} differs:\n{diff}")


def test_an_interrupt_inside_a_probe_run_is_survived_alike(monkeypatch):
    """A KeyboardInterrupt raised inside a probe's run (not deferred to a safe point): the simulation
    puts the event back and runs it again; the dispatcher must then run that probe again too."""
    outs = []
    for shortcuts in (False, True):
        monkeypatch.setattr(prober, "SHORTCUTS", shortcuts)
        monkeypatch.setattr(shell, "COMPILED_LOOPS", shortcuts)
        c = Cluster(nodes=1, seed=2)
        c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec: {containers: [{name: n, image: 'nginx:1.25', "
                "livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}, readinessProbe: {tcpSocket: "
                "{port: 80}}}]}", echo=False)
        c.run(seconds=30)
        c.kubectl("exec w -- rm /usr/share/nginx/html/index.html", echo=False)
        original, hits = prober.Prober.execute, []

        def interrupted(self, *a):
            if not hits:
                hits.append(1)
                raise KeyboardInterrupt
            return original(self, *a)
        monkeypatch.setattr(prober.Prober, "execute", interrupted)
        with pytest.raises(KeyboardInterrupt):
            c.run(seconds=20)
        monkeypatch.setattr(prober.Prober, "execute", original)
        c.run(seconds=60)
        outs.append(_observe(c))
    assert outs[0] == outs[1]
