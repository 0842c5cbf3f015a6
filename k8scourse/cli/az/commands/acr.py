"""``az acr …``: create, list, show, update, delete, login, credential show, check-name, build, import,
repository list|show|show-tags|delete, replication create|list, show-usage.

Parameters follow Azure CLI 2.91 (golden 14–17). The model is :mod:`k8scourse.cloud.acr`; builds
use the classic builder of :mod:`k8scourse.cloud.dockerfile` and print the ACR Tasks run log
(``Queued a build with ID: ca1`` … ``Run ID: ca1 was successful after 10s``, kubernetes-facts §7.5).
``az acr login`` writes the registry's entry into ``~/.docker/config.json`` (as the real command
does through ``docker login``) and prints ``Login Succeeded``.

Deliberate differences: build logs are shortened to the lines a student reads; ``az acr import`` errors use the simulator's wording.
"""

from __future__ import annotations

import hashlib

from .aks_common import confirm
from ..framework import REGISTRY, Arg, AzError, command
from ....cloud.acr import (REPLICATIONS_NOT_SUPPORTED, SKUS, add_replication, create_registry,
                           delete_registry, find_registry, get_registry, name_available, name_in_use, registries,
                           validate_name)
from ....cloud.acr import admin_passwords, refresh_token
from ....cloud.subscription import USER_NAME
from ....cloud.docker import engine
from ....cloud.dockerfile import BuildError, build, context_size
from ....cloud.files import context_files, read_text
from ....cloud.layers import from_catalogue, split_reference
from ....cloud.regions import region
from ....cloud.errors import ARMError

_RG_OPT = Arg(("--resource-group", "-g"), "resource_group", help="Name of resource group.")
_REG_N = Arg(("--name", "-n"), "name", required=True, help="The name of the container registry (lower case).")
_REG_R = Arg(("--registry", "-r"), "registry", required=True, help="The name of the container registry (lower case).")
_YES = Arg(("--yes", "-y"), "yes", type="flag", help="Do not prompt for confirmation.")


def _now(ctx):
    clock = ctx.azure.sim.clock
    return clock.now_ms, clock.rfc3339_micro().replace("Z", "+00:00")


@command("acr create", (
    _REG_N, Arg(("--resource-group", "-g"), "resource_group", required=True, help="Name of resource group."),
    Arg(("--sku",), "sku", required=True, choices=("Basic", "Premium", "Standard"), help="The SKU of the registry."),
    Arg(("--location", "-l"), "location", help="Location; the resource group's location if omitted."),
    Arg(("--admin-enabled",), "admin_enabled", choices=("false", "true"), help="Whether the admin user is enabled."),
    Arg(("--tags",), "tags", type="list", help="Space-separated tags: key[=value] [key[=value] ...]."),
), summary="Create an Azure Container Registry.", long_running=True, model="Registry")
def acr_create(ctx, name, resource_group, sku, location=None, admin_enabled=None, tags=None):
    bad = validate_name(name)
    if bad:
        raise AzError(bad, 1)
    rg = ctx.sub.group(resource_group)
    found = region(location or rg["location"])
    if found is None:
        raise ARMError("LocationNotAvailableForResourceType",
                       f"The provided location '{location}' is not available for resource type "
                       f"'Microsoft.ContainerRegistry/registries'.")
    existing = find_registry(ctx.sub, name)
    if not name_available(ctx.sub, name) and not (existing is not None
                                                  and existing.resource_group.lower() == rg["name"].lower()):
        raise AzError(name_in_use(name), 1)
    now_ms, text = _now(ctx)
    reg = create_registry(ctx.sub, rg["name"], name, sku, found["name"], now_ms=now_ms, now_text=text,
                          admin_enabled=bool(admin_enabled))
    if tags is not None:
        reg.tags = _tags(tags)
    ctx.progress(5)
    return reg.to_json(ctx.sub)


def _table(result):
    rows = result if isinstance(result, list) else [result]
    out = [{"NAME": r["name"], "RESOURCE GROUP": r["resourceGroup"], "LOCATION": r["location"],
            "SKU": r["sku"]["name"], "LOGIN SERVER": r["loginServer"],
            "CREATION DATE": r["creationDate"][:19] + "Z", "ADMIN ENABLED": str(r["adminUserEnabled"])}
           for r in rows]
    return out if isinstance(result, list) else out[0]


@command("acr list", (_RG_OPT,), summary="List container registries.", model="Registry")
def acr_list(ctx, resource_group=None):
    if resource_group:
        ctx.sub.group(resource_group)
    return [r.to_json(ctx.sub) for r in registries(ctx.sub, resource_group)]


@command("acr show", (_REG_N, _RG_OPT), summary="Get the details of an Azure Container Registry.", model="Registry")
def acr_show(ctx, name, resource_group=None):
    return get_registry(ctx.sub, name, resource_group).to_json(ctx.sub)


# -g only scopes a domain-name-label check (--dnl-scope), which the simulator does not model: no effect.
@command("acr check-name", (Arg(("--name", "-n"), "name", required=True, help="The registry name to check."),),
         summary="Check whether a registry name is available.", ignored=("resource_group_name",))
def acr_check_name(ctx, name):
    bad = validate_name(name)
    taken = not name_available(ctx.sub, name)
    if bad:
        return {"message": bad, "nameAvailable": False, "reason": "Invalid"}
    if taken:
        return {"message": f"The registry {name.lower()} is already in use.", "nameAvailable": False,
                "reason": "AlreadyExists"}
    return {"message": None, "nameAvailable": True, "reason": None}


@command("acr update", (
    _REG_N, _RG_OPT,
    Arg(("--sku",), "sku", choices=("Basic", "Premium", "Standard"), help="The SKU of the registry."),
    Arg(("--admin-enabled",), "admin_enabled", choices=("false", "true"), help="Whether the admin user is enabled."),
    Arg(("--tags",), "tags", help="Space-separated tags: key[=value] [key[=value] ...]; none clears them."),
), summary="Update an Azure Container Registry.", model="Registry")
def acr_update(ctx, name, resource_group=None, sku=None, admin_enabled=None, tags=None):
    reg = get_registry(ctx.sub, name, resource_group)
    if sku and sku != reg.sku:
        if reg.replications and not SKUS[sku]["geo_replication"]:
            raise ARMError("CannotDowngradeSkuWithReplications",
                           f"The registry '{reg.name}' has replications; delete them before changing the SKU to "
                           f"{sku}, which does not support geo-replication.")
        reg.change_sku(sku, ctx.azure.sim.now_ms)
    if admin_enabled is not None:
        reg.admin_enabled = bool(admin_enabled)
    if tags is not None:
        reg.tags = _tags(tags)
    return reg.to_json(ctx.sub)


def _tags(values: list[str]) -> dict:
    """``--tags a=b c``: the CLI's tags (a key without ``=`` gets an empty value; no value clears them)."""
    return {k: v for k, _, v in (item.partition("=") for item in values if item)}


@command("acr delete", (_REG_N, _RG_OPT, _YES), summary="Delete an Azure Container Registry.")
def acr_delete(ctx, name, resource_group=None, yes=False):
    reg = get_registry(ctx.sub, name, resource_group)
    confirm(yes)
    delete_registry(ctx.sub, reg, ctx.azure.sim.now_ms)
    return None


EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
_TOKEN_NOTE = ("Note: The token in both the accessToken and refreshToken fields is an ACR Refresh Token, not an ACR "
               "Access Token. This ACR Refresh Token cannot be used directly to authenticate with registry APIs such "
               "as pushing/pulling images and listing repositories/tags. This ACR Refresh Token must be "
               "subsequently exchanged for an ACR Access.Please see https://aka.ms/acr/auth/oauth")


@command("acr login", (
    _REG_N, _RG_OPT,
    Arg(("--expose-token", "-t"), "expose_token",
        help="Print the registry's login server and a refresh token instead of logging Docker in."),
), summary="Log in to an Azure Container Registry through the Docker CLI.")
def acr_login(ctx, name, resource_group=None, expose_token=False):
    if name.lower().endswith(".azurecr.io"):
        ctx.warn("The login server endpoint suffix '.azurecr.io' is automatically omitted.")
        name = name[:-len(".azurecr.io")]
    bad = validate_name(name)
    if bad:
        raise AzError(bad, 1)
    reg = get_registry(ctx.sub, name, resource_group)
    if expose_token:
        token = refresh_token(reg, USER_NAME, ctx.sub.tenant_id, ctx.azure.sim.now_ms)
        ctx.warn(_TOKEN_NOTE)
        ctx.warn("You can perform manual login using the provided refresh token below, for example: "
                 f"'docker login loginServer -u {EMPTY_GUID} -p refreshToken'")
        return {"loginServer": reg.login_server, "username": EMPTY_GUID, "accessToken": token, "refreshToken": token}
    engine(ctx.azure).login(reg.login_server)
    ctx.out.out("Login Succeeded\n")
    return None


@command("acr credential show", (_REG_N, _RG_OPT), summary="Get the login credentials for an Azure Container Registry.")
def acr_credential_show(ctx, name, resource_group=None):
    reg = get_registry(ctx.sub, name, resource_group)
    if not reg.admin_enabled:
        raise AzError(f"Run 'az acr update -n {reg.name} --admin-enabled true' to enable admin first.", 1)
    p1, p2 = admin_passwords(reg)
    return {"passwords": [{"name": "password", "value": p1}, {"name": "password2", "value": p2}],
            "username": reg.name}


@command("acr show-usage", (_REG_N, _RG_OPT), summary="Get the storage usage for an Azure Container Registry.")
def acr_show_usage(ctx, name, resource_group=None):
    return {"value": get_registry(ctx.sub, name, resource_group).usage()}


def _usage_table(result):
    return [{"NAME": u["name"], "LIMIT": u["limit"], "CURRENT VALUE": u["currentValue"], "UNIT": u["unit"]}
            for u in result["value"]]


# ---------------------------------------------------------------------- replication
@command("acr replication create", (
    Arg(("--location", "-l"), "location", required=True, help="Location of the replica."), _REG_R, _RG_OPT,
    Arg(("--name", "-n"), "name", help="The name of the replication; the location by default."),
    Arg(("--tags",), "tags", help="Space-separated tags: key[=value] [key[=value] ...]."),
), summary="Create a replicated region for an Azure Container Registry.", long_running=True, model="Replication")
def acr_replication_create(ctx, location, registry, resource_group=None, name=None, tags=None):
    reg = get_registry(ctx.sub, registry, resource_group)
    if not SKUS[reg.sku]["geo_replication"]:
        raise AzError(REPLICATIONS_NOT_SUPPORTED, 1)
    found = region(location)
    if found is None:
        raise ARMError("LocationNotAvailableForResourceType", f"The provided location '{location}' is not available.")
    rep = add_replication(reg, found["name"], ctx.azure.sim.now_ms)
    rep["name"] = name or rep["name"]
    rep["tags"] = _tags(tags or [])
    ctx.progress(60)
    return _replication_json(ctx, reg, rep)


def _replication_json(ctx, reg, rep):
    return {"id": ctx.sub.resource_id("Microsoft.ContainerRegistry/registries", reg.resource_group, reg.name)
            + f"/replications/{rep['name']}", "location": rep["location"], "name": rep["name"],
            "provisioningState": "Succeeded", "regionEndpointEnabled": True, "resourceGroup": reg.resource_group,
            "status": {"displayStatus": "Ready", "message": None, "timestamp": None}, "tags": dict(rep.get("tags") or {}),
            "type": "Microsoft.ContainerRegistry/registries/replications", "zoneRedundancy": "Disabled"}


@command("acr replication list", (_REG_R, _RG_OPT), summary="List the replications of a registry.", model="Replication")
def acr_replication_list(ctx, registry, resource_group=None):
    reg = get_registry(ctx.sub, registry, resource_group)
    if not SKUS[reg.sku]["geo_replication"]:
        raise AzError(REPLICATIONS_NOT_SUPPORTED, 1)
    home = {"name": reg.location, "location": reg.location}
    return [_replication_json(ctx, reg, r) for r in [home] + reg.replications]


# ---------------------------------------------------------------------- repositories
@command("acr repository list", (_REG_N, _RG_OPT), summary="List repositories in an Azure Container Registry.")
def acr_repository_list(ctx, name, resource_group=None):
    return sorted(get_registry(ctx.sub, name, resource_group).repositories)


@command("acr repository show-tags", (_REG_N, _RG_OPT, Arg(("--repository",), "repository", required=True,
                                                            help="The name of the repository.")),
         summary="Show tags for a repository in an Azure Container Registry.")
def acr_repository_show_tags(ctx, name, repository, resource_group=None):
    reg = get_registry(ctx.sub, name, resource_group)
    if repository.lower() not in reg.repositories:
        raise AzError("(NAME_UNKNOWN) repository name not known to registry\nCode: NAME_UNKNOWN\n"
                      "Message: repository name not known to registry", 3)
    return sorted(reg.repositories[repository.lower()])


@command("acr repository show", (_REG_N, _RG_OPT, Arg(("--repository",), "repository", help="The repository."),
                                 Arg(("--image", "-t"), "image", help="The image, as repository:tag.")),
         summary="Get the attributes of a repository or image in an Azure Container Registry.")
def acr_repository_show(ctx, name, resource_group=None, repository=None, image=None):
    reg = get_registry(ctx.sub, name, resource_group)
    repo, _, tag = (image or repository or "").partition(":")
    tags = reg.repositories.get(repo.lower())
    if not tags or (image and (tag or "latest") not in tags):
        raise AzError("(NAME_UNKNOWN) repository name not known to registry\nCode: NAME_UNKNOWN\n"
                      "Message: repository name not known to registry", 3)
    clock = ctx.azure.sim.clock
    if image:
        img = tags[tag or "latest"]
        return {"changeableAttributes": {"deleteEnabled": True, "listEnabled": True, "readEnabled": True,
                                         "writeEnabled": True}, "createdTime": clock.rfc3339(img.created_ms or 0),
                "digest": img.digest, "name": tag or "latest", "signed": False}
    return {"changeableAttributes": {"deleteEnabled": True, "listEnabled": True, "readEnabled": True,
                                     "writeEnabled": True}, "imageName": repo.lower(),
            "manifestCount": len({i.digest for i in tags.values()}), "registry": reg.login_server,
            "tagCount": len(tags)}


@command("acr repository delete", (_REG_N, _RG_OPT, _YES,
                                   Arg(("--repository",), "repository", help="The repository to delete."),
                                   Arg(("--image", "-t"), "image", help="The image to delete, as repository:tag.")),
         summary="Delete a repository or image in an Azure Container Registry.")
def acr_repository_delete(ctx, name, resource_group=None, yes=False, repository=None, image=None):
    reg = get_registry(ctx.sub, name, resource_group)
    if not (repository or image):
        raise AzError("Usage error: --image | --repository", 2)
    confirm(yes)
    if image:
        repo, _, tag = image.partition(":")
        done = reg.delete_tag(repo, tag or "latest")
    else:
        done = reg.delete_repository(repository)
    if not done:
        raise AzError("(NAME_UNKNOWN) repository name not known to registry\nCode: NAME_UNKNOWN\n"
                      "Message: repository name not known to registry", 3)
    return None


# ---------------------------------------------------------------------- import
@command("acr import", (
    _REG_N, _RG_OPT,
    Arg(("--source",), "source", required=True, help="The source image, e.g. docker.io/library/nginx:latest."),
    Arg(("--image", "-t"), "image", help="The target repository:tag; the source's by default."),
    Arg(("--force",), "force", type="flag", help="Overwrite an existing tag."),
    Arg(("--no-wait",), "no_wait", help="Do not wait for the import to finish."),
), summary="Import an image to an Azure Container Registry from another registry.", long_running=True)
def acr_import(ctx, name, source, resource_group=None, image=None, force=False, no_wait=False):
    from ....cloud.acr import resolve_image
    reg = get_registry(ctx.sub, name, resource_group)
    img = resolve_image(ctx.sub, source)
    if img is None:
        raise ARMError("InvalidParameters", f"The image '{source}' could not be found in the source registry.")
    _, path, tag = split_reference(source)
    targets = [t.partition(":") for t in (image or [path + ":" + tag])]      # -t may be given several times
    for repo, _, target_tag in targets:
        if reg.has_image(repo, target_tag or "latest") and not force:
            raise ARMError("Conflict", f"Tag {repo}:{target_tag or 'latest'} already exists in target registry.")
    for repo, _, target_tag in targets:
        reg.put(repo, target_tag or "latest", img)
    ctx.progress(5 + img.size / 50_000_000)
    return None


# ---------------------------------------------------------------------- build
@command("acr build", (
    _REG_R, _RG_OPT,
    Arg(("--image", "-t"), "image", help="The repository:tag of the image ({{.Run.ID}} is replaced)."),
    Arg(("--file", "-f"), "file", help="The Dockerfile, relative to the source root. Default: Dockerfile."),
    Arg(("SOURCE_LOCATION",), "source_location", positional=True,
        help="The local source code directory path (e.g. './src'), or '.' for the current directory."),
    Arg(("--no-push",), "no_push", type="flag", help="Do not push the built image."),
    Arg(("--no-logs",), "no_logs", type="flag", help="Do not show the logs."),
    Arg(("--no-wait",), "no_wait", type="flag", help="Do not wait for the build to finish."),
    Arg(("--platform",), "platform", help="The platform, e.g. linux."),
), summary="Queue a quick build, providing streaming logs for an Azure Container Registry.")
def acr_build(ctx, registry, resource_group=None, image=None, file=None, source_location=None,
              no_push=False, no_logs=False, no_wait=False, platform=None):
    reg = get_registry(ctx.sub, registry, resource_group)
    source = source_location or "."
    dockerfile = file or "Dockerfile"
    path = dockerfile if source in (".", "./") else f"{source.rstrip('/')}/{dockerfile}"
    text = read_text(ctx.azure, path)
    if text is None:
        raise AzError(f"Unable to find '{dockerfile}'.", 1)
    files = context_files(ctx.azure, source, dockerfile.rsplit("/", 1)[-1])
    run_id = reg.next_run_id()
    sim = ctx.azure.sim
    start = sim.now_ms
    tar = hashlib.sha256(f"{reg.name}{run_id}".encode()).hexdigest()[:8]
    ctx.out.err(f"Packing source code into tar to upload...\nUploading archived source code from "
                f"'/tmp/build_archive_{tar}.tar.gz'...\nSending context ({context_size(files)}) to registry: "
                f"{reg.name}...\nQueued a build with ID: {run_id}\nWaiting for an agent...\n")
    tags = [t.replace("{{.Run.ID}}", run_id) for t in (image or [])]         # -t may be given several times
    tags = [t if ":" in t.rsplit("/", 1)[-1] else t + ":latest" for t in tags]
    fulls = [f"{reg.login_server}/{t}" for t in tags]
    full = fulls[0] if fulls else None
    log: list = []
    ctx.azure.run(seconds=3)

    def stamp():
        return sim.clock.rfc3339(sim.now_ms).replace("-", "/").replace("T", " ").rstrip("Z")

    head = [f"{stamp()} Downloading source code...", f"{stamp()} Finished downloading source code",
            f"{stamp()} Setting up Docker configuration...", f"{stamp()} Successfully set up Docker configuration",
            f"{stamp()} Logging in to registry: {reg.login_server}", f"{stamp()} Successfully logged into "
            f"{reg.login_server}", f"{stamp()} Executing step ID: build. Timeout(sec): 28800, Working directory: '', "
            f"Network: ''", f"{stamp()} Launching container with name: build"]
    log += head + [f"Sending build context to Docker daemon  {context_size(files)}"]

    def resolve(ref):
        host, rpath, rtag = split_reference(ref)
        if host == reg.login_server:
            return reg.image(rpath, rtag), []
        img = from_catalogue(ref)
        if img is None:
            return None, []
        lines = [f"{rtag}: Pulling from {rpath}"] + [f"{d[7:19]}: Pull complete" for d, _ in img.layers] + \
                [f"Digest: {img.digest}", f"Status: Downloaded newer image for "
                                                f"{ref if ':' in ref.rsplit('/', 1)[-1] else ref + ':latest'}"]
        return img, lines
    try:
        built, elapsed = build(text, files, resolve, tag=full, now_ms=sim.now_ms, log=log)
    except BuildError as exc:
        ctx.azure.run(seconds=2)
        seconds = (sim.now_ms - start) // 1000
        if not no_logs:
            ctx.out.out("".join(line + "\n" for line in log) + f"{exc}\n")
        raise AzError(f"Run ID: {run_id} failed after {seconds}s. Error: failed during run, err: exit status 1", 1)
    ctx.azure.run(seconds=elapsed / 1000)
    log.append(f"{stamp()} Successfully executed container: build")
    if fulls and not no_push:
        log.append(f"{stamp()} Executing step ID: push. Timeout(sec): 3600, Working directory: '', Network: ''")
        for full in fulls:
            log.append(f"{stamp()} Pushing image: {full}, attempt 1")
            _, rpath, rtag = split_reference(full)
            log.append(f"The push refers to repository [{reg.login_server}/{rpath}]")
            for digest, size in reversed(built.layers):
                log.append(f"{digest[7:19]}: {'Layer already exists' if reg.has_layer(digest) else 'Pushed'}")
            stored = reg.put(rpath, rtag, built)
            log.append(f"{rtag}: digest: {stored.digest} size: {stored.manifest_size}")
            ctx.azure.run(seconds=2)
            log.append(f"{stamp()} Successfully pushed image: {full}")
    log.append(f"{stamp()} Step ID: build marked as successful (elapsed time in seconds: {elapsed / 1000:.6f})")
    if not no_logs:
        ctx.out.out("".join(line + "\n" for line in log) + "\n")
    ctx.out.err(f"Run ID: {run_id} was successful after {(sim.now_ms - start + 999) // 1000}s\n")
    return None


REGISTRY["acr list"].extra["table_transformer"] = _table
REGISTRY["acr show"].extra["table_transformer"] = _table
REGISTRY["acr create"].extra["table_transformer"] = _table
REGISTRY["acr update"].extra["table_transformer"] = _table
REGISTRY["acr show-usage"].extra["table_transformer"] = _usage_table
