"""ImageLocality (Score; weight 1): prefer nodes that already hold the pod's images.

Approximates ``plugins/imagelocality``. For each container image found in the node's
``status.images`` (filled by the kubelet), its size is scaled by the share of nodes that have it
(``size × nodesWithImage / allNodes``, the upstream "spread" damping); the sum is clamped between
23 MB and 1000 MB per container and mapped linearly onto 0..100.

Approximation (deliberate): image names are compared after a light normalisation (``nginx`` ≡
``nginx:latest`` ≡ ``docker.io/library/nginx:latest``) instead of upstream's full reference
parsing; init containers count like containers.

>>> normalized_image("nginx"), normalized_image("registry.k8s.io/pause:3.10")
('docker.io/library/nginx:latest', 'registry.k8s.io/pause:3.10')
"""

from __future__ import annotations

from ..framework import MAX_NODE_SCORE, NODE_ADD, NODE_IMAGES, Plugin

MB = 1024 * 1024
MIN_THRESHOLD = 23 * MB
MAX_CONTAINER_THRESHOLD = 1000 * MB


def normalized_image(name: str) -> str:
    if "@" not in name and ":" not in name.rsplit("/", 1)[-1]:
        name += ":latest"
    first = name.split("/", 1)[0]
    if "/" not in name:
        name = "docker.io/library/" + name
    elif "." not in first and ":" not in first and first != "localhost":
        name = "docker.io/" + name
    return name


def _pod_images(pod_info) -> list[str]:
    spec = pod_info.pod.get("spec") or {}
    return [normalized_image(c.get("image") or "") for group in ("initContainers", "containers")
            for c in spec.get(group) or [] if c.get("image")]


class ImageLocality(Plugin):
    name = "ImageLocality"
    events = (NODE_ADD, NODE_IMAGES)
    score_reads_pods = False        # Score reads the node object only

    def _holders(self, image: str) -> set:
        cache = self.handle.cache
        found = set()
        for variant in {image, image.replace("docker.io/library/", "", 1), image.replace("docker.io/", "", 1)}:
            found |= cache.image_nodes.get(variant, set())
        return found

    def score(self, state, pod_info, node_info) -> int:
        if not node_info.images:
            return 0
        images = _pod_images(pod_info)
        if not images:
            return 0
        total_nodes = max(1, len(self.handle.cache.nodes))
        total = 0
        for image in images:
            holders = self._holders(image)
            if node_info.name in holders:
                size = max((node_info.images.get(v, 0) for v in (image, image.replace("docker.io/library/", "", 1),
                                                                  image.replace("docker.io/", "", 1))), default=0)
                total += size * len(holders) // total_nodes
        upper = MAX_CONTAINER_THRESHOLD * len(images)
        total = min(max(total, MIN_THRESHOLD), upper)
        return MAX_NODE_SCORE * (total - MIN_THRESHOLD) // (upper - MIN_THRESHOLD)

    def score_key(self, state, pod_info):
        cache = self.handle.cache
        if not cache.image_nodes:
            return ()                   # no node reports images: every score is 0
        return tuple(_pod_images(pod_info)), cache.images_generation, len(cache.nodes)

    def score_all(self, state, pod_info, cache, rows):
        import numpy as np
        positions = cache.arrays().positions(rows)
        raw = np.zeros(len(positions), dtype=np.int64)
        if not cache.image_nodes:
            return raw
        holders = set()
        for image in _pod_images(pod_info):
            holders |= self._holders(image)
        if holders:
            for j, i in enumerate(positions.tolist()):
                if cache.node_list[i].name in holders:
                    raw[j] = self.score(state, pod_info, cache.node_list[i])
        return raw
