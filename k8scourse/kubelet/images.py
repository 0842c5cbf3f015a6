"""The kubelet's image manager: pull policy, pull events, pull back-off.

``imagePullPolicy`` decides whether the runtime pulls (``pkg/kubelet/images/image_manager.go``):

* ``IfNotPresent`` — use the node's copy when there is one: event ``Pulled`` ``Container image
  "nginx:1.7.9" already present on machine``; else pull;
* ``Always`` — always ask the registry (a cached image costs only the round trip);
* ``Never`` — never pull; without a local copy the container waits with ``ErrImageNeverPull``
  (``Container image "x" is not present with pull policy of Never``).

A pull emits ``Pulling`` ``Pulling image "nginx:1.7.9"`` and, when done, ``Pulled`` ``Successfully
pulled image "nginx:1.7.9" in 6.2s (6.2s including waiting). Image size: 39947825 bytes.`` (the
second figure includes the time queued behind other pulls on the node). A failed pull emits
``Failed`` ``Failed to pull image "nginx:nope": rpc error: code = NotFound desc = failed to pull and
unpack image …`` and ``Failed`` ``Error: ErrImagePull``; the container waits with
``ErrImagePull``, then at the next sync with ``ImagePullBackOff`` (events ``BackOff`` ``Back-off
pulling image "nginx:nope"`` and ``Failed`` ``Error: ImagePullBackOff``), and the pull is retried
after 10 s, 20 s, 40 s … 300 s.

An image reference the runtime's grammar refuses (:mod:`k8scourse.runtime.reference`: upper case,
a bad digest) is never pulled: events ``InspectFailed`` ``Failed to apply default image tag
"NGINX": couldn't parse image reference "NGINX": invalid reference format: repository name
(library/NGINX) must be lowercase`` and ``Failed`` ``Error: InvalidImageName``; the container waits
with ``InvalidImageName``.

Deliberate difference: ErrImagePull turns into ImagePullBackOff exactly
:data:`~k8scourse.defaults.KUBELET_IMAGE_BACKOFF_REPORT_MS` after the failure, and the retry comes
exactly when the back-off expires (upstream: at the pod worker's next sync after it); the
``InvalidImageName`` events are not repeated at each sync.
"""

from __future__ import annotations

from .. import defaults
from ..runtime.images import go_duration_ms
from ..runtime.reference import ReferenceError, parse_normalized
from .container import Backoff


class ImageManager:
    def __init__(self, kubelet):
        self.kubelet = kubelet
        self.store = kubelet.runtime.images
        self.backoff = Backoff(defaults.KUBELET_BACKOFF_INITIAL_MS, defaults.KUBELET_BACKOFF_MAX_MS)

    def ensure(self, worker, cs, done) -> None:
        """Make ``cs``'s image available, then call ``done(info)``; on failure ``done(None)``."""
        k = self.kubelet
        image = cs.spec.get("image", "")
        policy = cs.spec.get("imagePullPolicy") or "IfNotPresent"
        key = f"{worker.uid}/{image}"
        now = k.sim.now_ms
        try:
            parse_normalized(image)
        except ReferenceError as exc:                 # applyDefaultImageTag: never pulled, never retried
            msg = f'Failed to apply default image tag "{image}": couldn\'t parse image reference "{image}": {exc}'
            cs.waiting = ("InvalidImageName", msg)
            worker.event(cs, "Warning", "InspectFailed", msg)
            worker.event(cs, "Warning", "Failed", "Error: InvalidImageName")
            done(None)
            return
        present = self.store.has(image)
        if policy == "Never" and not present:
            msg = f'Container image "{image}" is not present with pull policy of Never'
            cs.waiting = ("ErrImageNeverPull", msg)
            worker.event(cs, "Warning", "ErrImageNeverPull", msg)
            worker.event(cs, "Warning", "Failed", "Error: ErrImageNeverPull")
            done(None)
            return
        if present and policy != "Always":
            worker.event(cs, "Normal", "Pulled", f'Container image "{image}" already present on machine')
            done(self.store.present[self.store.resolve(image).reference])
            return
        worker.event(cs, "Normal", "Pulling", f'Pulling image "{image}"')
        finish, duration, info = self.store.schedule_pull(image, now)

        def finished():
            if worker.gone:
                return
            if info is None:
                self._failed(worker, cs, image, key)
                done(None)
                return
            self.store.add(info)
            k.node_status.images_changed()
            waited = k.sim.now_ms - now
            worker.event(cs, "Normal", "Pulled",
                         f'Successfully pulled image "{image}" in {go_duration_ms(duration)} '
                         f'({go_duration_ms(waited)} including waiting). Image size: {info.size} bytes.')
            done(info)

        k.sim.schedule(finish - now, finished, name=f"pull {image}")

    def _failed(self, worker, cs, image: str, key: str) -> None:
        k = self.kubelet
        now = k.sim.now_ms
        code, message = self.store.error_for(image)
        err = f"rpc error: code = {code} desc = {message}"
        worker.event(cs, "Warning", "Failed", f'Failed to pull image "{image}": {err}')
        worker.event(cs, "Warning", "Failed", "Error: ErrImagePull")
        cs.waiting = ("ErrImagePull", err)
        self.backoff.next(key, now, now)
        worker.changed()

        def report():
            if worker.gone or cs.waiting is None or cs.waiting[0] != "ErrImagePull":
                return
            cs.waiting = ("ImagePullBackOff", f'Back-off pulling image "{image}": ErrImagePull: {err}')
            worker.event(cs, "Normal", "BackOff", f'Back-off pulling image "{image}"')
            worker.event(cs, "Warning", "Failed", "Error: ImagePullBackOff")
            worker.changed()

        k.sim.schedule(defaults.KUBELET_IMAGE_BACKOFF_REPORT_MS, report, name=f"image backoff {image}")

    def retry_in_ms(self, worker, cs) -> int:
        """0 if a pull may be tried now, else how long the image back-off still lasts."""
        key = f"{worker.uid}/{cs.spec.get('image', '')}"
        return self.backoff.remaining_ms(key, self.kubelet.sim.now_ms)

    @staticmethod
    def describe_backoff(ms: int) -> str:
        return go_duration_ms(ms)
