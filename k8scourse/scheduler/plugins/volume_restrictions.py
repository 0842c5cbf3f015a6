"""VolumeRestrictions (PreFilter/Filter) — minimal.

Upstream ``plugins/volumerestrictions`` rejects pods whose in-line cloud disks (GCE PD, AWS EBS,
RBD, iSCSI) are already mounted on the node, and pods using a ``ReadWriteOncePod`` claim that
another pod uses. The simulator has neither in-line cloud disks nor ReadWriteOncePod claims in use
yet, so this plugin always Skips (a deliberate simplification).
"""

from __future__ import annotations

from ..framework import Plugin, Status


class VolumeRestrictions(Plugin):
    name = "VolumeRestrictions"

    def pre_filter(self, state, pod_info) -> Status:
        return Status.skip()
