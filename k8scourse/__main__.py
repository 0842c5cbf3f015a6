"""``python -m k8scourse``: small command-line entry points.

* ``python -m k8scourse kubectl get nodes`` — run a kubectl command line on a fresh demo cluster.
* ``python -m k8scourse grade SUBMISSION… --out DIR`` — batch-grade exercise notebooks
  (:mod:`k8scourse.grading.cli`; also installed as the ``k8scourse`` command).
* ``python -m k8scourse serve [--nodes 3] [--port N] [--http]`` — serve a simulated cluster's
  Kubernetes API on loopback for the real kubectl (:mod:`k8scourse.serve.command`).
* ``python -m k8scourse release --out DIR`` — the students' copy of the course, without the reference
  solutions (:mod:`k8scourse.grading.release`).
* ``python -m k8scourse export-nbgrader --out DIR`` — every exercise as an nbgrader assignment
  (:mod:`k8scourse.grading.nbgrader`).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m k8scourse kubectl <command line>   (on a fresh 3-node demo cluster)\n"
              "       python -m k8scourse grade SUBMISSION... --out DIR [--workers 2] [--timeout 120]\n"
              "       python -m k8scourse serve [--nodes 3] [--seed 0] [--port N] [--http] [--kubeconfig PATH]\n"
              "       python -m k8scourse release --out DIR\n"
              "       python -m k8scourse export-nbgrader --out DIR")
        return 0
    if argv[0] == "kubectl":
        from .cluster import Cluster
        result = Cluster().kubectl(argv[1:], echo=False)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        return result.exit_code
    if argv[0] == "serve":
        from .cluster import Cluster
        from .serve.command import main as serve
        return serve(argv[1:], Cluster)
    if argv[0] == "grade":
        from .grading.cli import main as grade
        return grade(argv[1:])
    if argv[0] == "release":
        from .grading.release import main as release
        return release(argv[1:])
    if argv[0] == "export-nbgrader":
        from .grading.nbgrader import main as export
        return export(argv[1:])
    print(f"k8scourse: unknown command {argv[0]!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
