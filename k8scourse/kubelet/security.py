"""The kubelet's security context: from ``securityContext`` to the identity a container runs with.

What ``kuberuntime`` does before ``CreateContainer`` (``DetermineEffectiveSecurityContext``,
``verifyRunAsNonRoot``, ``convertToRuntimeSecurityContext``):

* the container's ``runAsUser``/``runAsGroup``/``runAsNonRoot`` override the pod's; without them
  the image's ``USER`` decides (root for most official images; ``curlimages/curl`` runs as the
  named ``curl_user``, Bitnami images as 1001);
* ``runAsNonRoot: true`` refuses to create a container that would run as root, with the words of
  the kubelet (the container waits in ``CreateContainerConfigError`` and the sync retries)::

      container has runAsNonRoot and image will run as root (pod: "web_default(uid)", container: web)
      container's runAsUser breaks non-root policy (pod: "web_default(uid)", container: web)
      container has runAsNonRoot and image has non-numeric user (curl_user), cannot verify user is
      non-root (pod: "c_default(uid)", container: c)

* the groups are the primary one, ``fsGroup`` and ``supplementalGroups`` (and, for root, what the
  image's ``/etc/group`` gives root); ``capabilities.add/drop``, ``privileged``,
  ``readOnlyRootFilesystem`` and ``allowPrivilegeEscalation`` go to the runtime
  (:class:`~k8scourse.runtime.security.Identity`).

Deliberate differences: SELinux, AppArmor, seccomp profiles and ``procMount`` are accepted and
ignored; ``fsGroup`` does not change the owner of volume files (owners are not modelled).

>>> from k8scourse.runtime.images import lookup
>>> pod = {"metadata": {"name": "p", "namespace": "default", "uid": "u"},
...        "spec": {"securityContext": {"runAsUser": 1000, "runAsGroup": 3000, "fsGroup": 2000}}}
>>> identity_for(pod, {"name": "c"}, lookup("busybox:1.36")).id_line(busybox=True)
'uid=1000 gid=3000 groups=2000,3000'
>>> identity_for({**pod, "spec": {"securityContext": {"runAsNonRoot": True}}}, {"name": "c"}, lookup("nginx"))
Traceback (most recent call last):
...
k8scourse.kubelet.container.ConfigError: container has runAsNonRoot and image will run as root (pod: "p_default(u)", container: c)
"""

from __future__ import annotations

from ..runtime.security import ALL_CAPABILITIES, DEFAULT_CAPABILITIES, ROOT_GROUPS, Identity
from .container import ConfigError

# Users the images' /etc/passwd define besides root: name -> (uid, gid), and the names per uid.
IMAGE_USERS = {"nginx": (101, 101), "curl_user": (100, 101), "memcache": (11211, 11211), "www-data": (33, 33),
               "nobody": (65534, 65534), "daemon": (1, 1)}
_FAMILY_USERS = {"nginx": ((101, "nginx"),), "echoserver": ((101, "nginx"),), "httpd": ((33, "www-data"),)}


def _image_user(user: str) -> tuple[int | None, int, str]:
    """(uid or None when the image names its user, gid, name) of an image's ``USER``."""
    if not user:
        return 0, 0, "root"
    name, _, group = user.partition(":")
    if name.isdigit():
        return int(name), int(group) if group.isdigit() else 0, ""
    uid, gid = IMAGE_USERS.get(name, (1000, 1000))
    return None, gid, name


def _merged(pod: dict, container: dict, key: str):
    value = (container.get("securityContext") or {}).get(key)
    if value is None:
        value = ((pod.get("spec") or {}).get("securityContext") or {}).get(key)
    return value


def identity_for(pod: dict, container: dict, image) -> Identity:
    """The :class:`Identity` the container runs with; :class:`ConfigError` when the kubelet refuses it."""
    md = pod.get("metadata") or {}
    where = f'(pod: "{md.get("name", "")}_{md.get("namespace", "default")}({md.get("uid", "")})", ' \
            f'container: {container.get("name", "")})'
    image_uid, image_gid, image_name = _image_user(getattr(image, "user", ""))
    run_as_user = _merged(pod, container, "runAsUser")
    if _merged(pod, container, "runAsNonRoot"):
        if run_as_user is not None:
            if int(run_as_user) == 0:
                raise ConfigError(f"container's runAsUser breaks non-root policy {where}")
        elif image_uid is None:
            raise ConfigError(f"container has runAsNonRoot and image has non-numeric user ({image_name}), "
                              f"cannot verify user is non-root {where}")
        elif image_uid == 0:
            raise ConfigError(f"container has runAsNonRoot and image will run as root {where}")
    if run_as_user is not None:
        uid = int(run_as_user)
    else:
        uid = image_uid if image_uid is not None else IMAGE_USERS.get(image_name, (1000, 1000))[0]
    run_as_group = _merged(pod, container, "runAsGroup")
    gid = int(run_as_group) if run_as_group is not None else (image_gid if run_as_user is None else 0)
    pod_sc = (pod.get("spec") or {}).get("securityContext") or {}
    groups = [gid]
    if pod_sc.get("fsGroup") is not None:
        groups.append(int(pod_sc["fsGroup"]))
    groups += [int(g) for g in pod_sc.get("supplementalGroups") or []]
    userland = getattr(image, "userland", "debian")
    root_groups = ROOT_GROUPS.get(userland, ())
    if uid == 0:
        groups += [g for g, _ in root_groups]
    users = ((0, "root"),) + _FAMILY_USERS.get(getattr(image, "program", ""), ())
    if image_name and image_name != "root":
        users += ((IMAGE_USERS.get(image_name, (uid, gid))[0], image_name),)
    group_names = ((0, "root"),) + root_groups + _FAMILY_USERS.get(getattr(image, "program", ""), ())
    sc = container.get("securityContext") or {}
    caps = sc.get("capabilities") or {}
    privileged = bool(sc.get("privileged"))
    if privileged:
        capabilities = ALL_CAPABILITIES
    else:
        drop = {str(c).upper().removeprefix("CAP_") for c in caps.get("drop") or []}
        add = {str(c).upper().removeprefix("CAP_") for c in caps.get("add") or []}
        capabilities = (frozenset() if "ALL" in drop else DEFAULT_CAPABILITIES - drop) | (
            ALL_CAPABILITIES if "ALL" in add else frozenset(add))
    name = dict(users).get(uid, "")
    return Identity(uid=uid, gid=gid, groups=tuple(sorted(set(groups))), users=users, group_names=group_names,
                    read_only_root=bool(sc.get("readOnlyRootFilesystem")), capabilities=frozenset(capabilities),
                    no_new_privs=sc.get("allowPrivilegeEscalation") is False, privileged=privileged,
                    home="/root" if uid == 0 else ("/nonexistent" if name == "nginx" else "/"))
