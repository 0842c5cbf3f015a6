"""Who a container's process is: user, groups, capabilities, read-only root (the CRI security context).

The kubelet turns the pod's and the container's ``securityContext`` into an :class:`Identity`
(:mod:`k8scourse.kubelet.security`) and the runtime starts the process with it, as containerd
does with the ``LinuxContainerSecurityContext`` it receives:

* ``uid``/``gid`` — ``runAsUser``/``runAsGroup``, else the image's ``USER`` (root for most official
  images); ``groups`` — the primary group, ``fsGroup`` and ``supplementalGroups``, plus the groups
  the image's ``/etc/group`` gives the user (``id`` prints them);
* ``capabilities`` — containerd's default set, minus ``drop``, plus ``add`` (``privileged``: all).
  A process that is not root loses them at ``execve`` (no ambient capabilities), so only root
  with ``NET_BIND_SERVICE`` binds a port below 1024 (containerd 1.7, as on AKS with Kubernetes
  1.32, does not lower ``net.ipv4.ip_unprivileged_port_start``);
* ``read_only_root`` — ``readOnlyRootFilesystem``: the container's own layer refuses writes
  (``Read-only file system``), mounted volumes do not;
* ``no_new_privs`` — ``allowPrivilegeEscalation: false``.

>>> ROOT.can_bind(80), Identity(uid=1000).can_bind(80), Identity(uid=1000).can_bind(8080)
(True, False, True)
>>> Identity(capabilities=frozenset()).can_bind(80), Identity(uid=1000, gid=3000, groups=(2000, 3000)).id_line()
(False, 'uid=1000 gid=3000 groups=3000,2000')
>>> Identity(uid=1000, gid=3000, groups=(2000, 3000)).id_line(busybox=True)
'uid=1000 gid=3000 groups=2000,3000'
>>> ROOT.id_line()
'uid=0(root) gid=0(root) groups=0(root)'

"""

from __future__ import annotations

from dataclasses import dataclass, field

# containerd's default capability set (oci.defaultUnixCaps / the CRI default).
DEFAULT_CAPABILITIES = frozenset({"CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID",
                                  "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",
                                  "AUDIT_WRITE"})
# Every capability of Linux 5.15 (what ``privileged: true`` grants).
ALL_CAPABILITIES = DEFAULT_CAPABILITIES | frozenset({
    "DAC_READ_SEARCH", "LINUX_IMMUTABLE", "NET_BROADCAST", "NET_ADMIN", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE",
    "SYS_RAWIO", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME",
    "SYS_TTY_CONFIG", "LEASE", "AUDIT_CONTROL", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
    "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE"})
# Paths a non-root user may write in an official image (world-writable, or the user's own).
WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/dev/null", "/proc/self/fd")
# What the images' /etc/group makes of root: its supplementary groups (gid, name) per userland.
ROOT_GROUPS = {
    "busybox": ((10, "wheel"),),
    "alpine": ((1, "bin"), (2, "daemon"), (3, "sys"), (4, "adm"), (6, "disk"), (10, "wheel"), (11, "floppy"),
               (20, "dialout"), (26, "tape"), (27, "video")),
    "debian": (),
}


@dataclass(frozen=True)
class Identity:
    """The user, groups and privileges a container's processes run with."""
    uid: int = 0
    gid: int = 0
    groups: tuple = ()                       # supplementary groups, as getgroups() lists them
    users: tuple = ((0, "root"),)            # (uid, name) the image's /etc/passwd knows
    group_names: tuple = ((0, "root"),)      # (gid, name) the image's /etc/group knows
    read_only_root: bool = False
    capabilities: frozenset = field(default=DEFAULT_CAPABILITIES)   # the container's capability set
    no_new_privs: bool = False
    privileged: bool = False
    home: str = "/root"

    def name_of(self, uid: int) -> str:
        return dict(self.users).get(uid, "")

    @property
    def user(self) -> str:
        return self.name_of(self.uid)

    def effective(self) -> frozenset:
        """Capabilities the process holds: the set for root, none for anyone else."""
        return self.capabilities if self.uid == 0 else frozenset()

    def can_bind(self, port: int) -> bool:
        """``bind()`` to ``port``: below 1024 needs CAP_NET_BIND_SERVICE (root, not dropped)."""
        return port >= 1024 or "NET_BIND_SERVICE" in self.effective()

    def may_write(self, path: str) -> bool:
        """Whether the user may create/change ``path`` in the image's root-owned tree (mounts aside)."""
        if self.uid == 0:
            return True
        return any(path == p or path.startswith(p + "/") for p in WRITABLE + ((self.home,) if self.home != "/" else ()))

    def all_groups(self) -> list[int]:
        """The primary group first, then the supplementary ones (how ``id -G`` lists them)."""
        return [self.gid] + [g for g in sorted(set(self.groups)) if g != self.gid]

    def id_line(self, busybox: bool = False) -> str:
        """What ``id`` prints: names where /etc/passwd and /etc/group have them.

        BusyBox lists ``getgroups()`` as the kernel keeps it (sorted; containerd puts the primary
        group in it); coreutils puts the primary group first.
        """
        users, groups = dict(self.users), dict(self.group_names)

        def named(n: int, names: dict) -> str:
            return f"{n}({names[n]})" if n in names else str(n)
        listed = sorted(set(self.groups) | {self.gid}) if busybox else self.all_groups()
        return (f"uid={named(self.uid, users)} gid={named(self.gid, groups)} groups="
                + ",".join(named(g, groups) for g in listed))


ROOT = Identity()
