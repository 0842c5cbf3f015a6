"""Every default number of the simulator in one place, each with the behaviour it models.

Upstream sources are in ``shared/reference/kubernetes-facts.md``; where the simulator deliberately
differs the comment says so.
"""

# --- Simulation ------------------------------------------------------------------------------
# Simulated time 0. A fixed date keeps every printed timestamp identical from run to run.
EPOCH = "2026-03-02T09:00:00Z"
# Seed of a cluster's RNG when none is given (names' random suffixes, UIDs, tie-breaks).
SEED = 0
# The longest span one run()/settle() may cover (a year): longer spans are run in steps, so a typo
# such as run(1e12) is refused instead of scheduling work for millennia.
MAX_RUN_SECONDS = 366 * 24 * 3600
# Paced clock (k8scourse.pacing): simulated seconds that pass before each typed command — about the
# time a person takes to read an output and type the next command.
PACED_THINK_SECONDS = 5
# Live clock: how often the background ticker catches simulated time up with the wall clock (s).
LIVE_TICK_SECONDS = 0.1
# Long runs (k8scourse.pacing.Pacer.advance): a run of at least this many simulated seconds tells the
# progress listeners (a notebook's progress bar) how far it got — a shorter one is over before a bar helps.
PROGRESS_MIN_SECONDS = 600
# ... in this many slices (each one a whole run of the simulation up to its end: same events, same order).
PROGRESS_SLICES = 50

# --- Versions --------------------------------------------------------------------------------
# Kubernetes version of a bare cluster (kubelet, API server); kubectl golden files are v1.32.4.
KUBERNETES_VERSION = "1.32.4"
# kubectl's own version (client), printed by `kubectl version`.
KUBECTL_VERSION = "1.32.4"
# CoreDNS image of AKS clusters on Kubernetes 1.32 (AKS's build, v1.11.3-N; Azure/AKS vhd-notes
# AKSUbuntu-2204/202601.27.0 caches v1.11.3-17): k8scourse.dns.addon and the node image's cache use it.
AKS_COREDNS_IMAGE = "mcr.microsoft.com/oss/v2/kubernetes/coredns:v1.11.3-17"
# Kustomize version kubectl 1.32 embeds (printed by `kubectl version`).
KUSTOMIZE_VERSION = "v5.5.0"
# The build of the simulated release that /version and `kubectl version -o json` report: the release's
# build date and Go version; the commit is left as zeros (a simulated build, not upstream's binary).
BUILD_DATE = "2025-04-22T16:03:52Z"
BUILD_GO_VERSION = "go1.23.8"
BUILD_GIT_COMMIT = "0" * 40
# Minor version whose OpenAPI schemas validate submitted manifests (kubernetes-validate).
SCHEMA_VERSION = "1.32.0"

# --- API machinery ---------------------------------------------------------------------------
# Namespaces every cluster starts with (kube-apiserver's system namespaces + default).
SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
# Length of the random suffix appended to metadata.generateName (apiserver names.SimpleNameGenerator).
GENERATE_NAME_SUFFIX_LENGTH = 5
# generateName prefixes are cut so that prefix + suffix fits a 63-character name.
GENERATE_NAME_MAX_PREFIX = 58
# Annotation kubectl apply stores the last applied configuration in (client-side apply).
LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"

# --- Reading manifests (sigs.k8s.io/yaml on go-yaml, Go's encoding/json: k8scourse.cli.yamljson) --
# go-yaml refuses documents nested deeper than this ("exceeded max depth of 10000").
YAML_MAX_DEPTH = 10_000
# Go's encoding/json nesting limit ("exceeded max depth").
JSON_MAX_DEPTH = 10_000

# --- Pod defaults (SetDefaults_Pod & friends, pkg/apis/core/v1/defaults.go) --------------------
RESTART_POLICY = "Always"
DNS_POLICY = "ClusterFirst"
TERMINATION_GRACE_PERIOD_SECONDS = 30
SCHEDULER_NAME = "default-scheduler"
TERMINATION_MESSAGE_PATH = "/dev/termination-log"
TERMINATION_MESSAGE_POLICY = "File"
SERVICE_ACCOUNT = "default"
# Every pod tolerates not-ready/unreachable NoExecute taints for 300 s (DefaultTolerationSeconds).
DEFAULT_TOLERATION_SECONDS = 300
# Probe defaults (SetDefaults_Probe).
PROBE_PERIOD_SECONDS = 10
PROBE_TIMEOUT_SECONDS = 1
PROBE_SUCCESS_THRESHOLD = 1
PROBE_FAILURE_THRESHOLD = 3

# --- Workload defaults (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go) ----------
REPLICAS = 1
DEPLOYMENT_MAX_SURGE = "25%"
DEPLOYMENT_MAX_UNAVAILABLE = "25%"
REVISION_HISTORY_LIMIT = 10
PROGRESS_DEADLINE_SECONDS = 600
DAEMONSET_MAX_UNAVAILABLE = 1
DAEMONSET_MAX_SURGE = 0
JOB_BACKOFF_LIMIT = 6
CRONJOB_SUCCESSFUL_HISTORY = 3
CRONJOB_FAILED_HISTORY = 1

# --- Pod resources (component-helpers PodRequests; scheduler util/pod_resources.go) -----------
# A container without a cpu request counts as 100m when the scheduler scores nodes
# (DefaultMilliCPURequest); it still requests nothing for fit and quota.
SCHEDULER_DEFAULT_MILLI_CPU_REQUEST = 100
# ... and one without a memory request as 200 MiB (DefaultMemoryRequest).
SCHEDULER_DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024

# --- Networking (kubeadm defaults, kubernetes-facts §5.1) --------------------------------------
SERVICE_CIDR = "10.96.0.0/12"
# The `kubernetes` Service gets the first address of the range, cluster DNS the tenth.
KUBERNETES_SERVICE_IP = "10.96.0.1"
CLUSTER_DNS_IP = "10.96.0.10"
CLUSTER_DOMAIN = "cluster.local"
POD_CIDR = "10.244.0.0/16"
NODE_CIDR_MASK = 24
NODE_SUBNET = "10.224.0.0/16"
# First node address (AKS's node subnet starts handing out .4: .1-.3 are reserved by Azure).
FIRST_NODE_IP = "10.224.0.4"
NODE_PORT_RANGE = (30000, 32767)
API_SERVER_PORT = 6443

# --- Nodes -----------------------------------------------------------------------------------
# kubelet maxPods default (pkg/kubelet/apis/config/v1beta1/defaults.go).
MAX_PODS = 110
# AKS's network plugin when Cluster(...) is given none: kubenet, as the lecture's era of AKS used.
NETWORK_PLUGIN = "kubenet"
# AKS maxPods defaults per network plugin (az aks create --max-pods help; kubernetes-facts §7.1).
MAX_PODS_BY_NETWORK_PLUGIN = {"kubenet": 110, "azure": 30, "azure-overlay": 250, "none": 250}
# VM size of Cluster(...) when none is given: AKS's historical default node size.
VM_SIZE = "Standard_DS2_v2"
NODE_COUNT = 3
# Most nodes Cluster(nodes=...) builds: an AKS cluster's limit, 5,000. Deliberate difference: they
# form one pool, where AKS holds at most 1,000 nodes per pool (az aks enforces that limit itself).
MAX_NODES_PER_POOL = 5000
# Largest max_pods the simulator accepts for a node (kubelet takes any number; AKS allows up to 250,
# a bare kubelet a few thousand in practice): bounds what one node's arrays may hold.
MAX_PODS_LIMIT = 10_000
# What nodes report in status.nodeInfo (AKS Ubuntu node image, containerd runtime).
NODE_OS_IMAGE = "Ubuntu 22.04.5 LTS"
NODE_KERNEL_VERSION = "5.15.0-1079-azure"
NODE_CONTAINER_RUNTIME = "containerd://1.7.25-1"
# Region/zone labels of simulated nodes.
REGION = "eastus"

# --- API defaulting (k8scourse.apiserver.defaulting; upstream pkg/apis/*/v1/defaults.go) -------
# Port protocol of container, Service and NetworkPolicy ports (SetDefaults_ContainerPort & co.).
PORT_PROTOCOL = "TCP"
# imagePullPolicy when the image's tag is `latest` or missing (SetDefaults_Container).
IMAGE_PULL_POLICY_LATEST = "Always"
# imagePullPolicy for any other tag or a digest.
IMAGE_PULL_POLICY_TAGGED = "IfNotPresent"
# httpGet probe/lifecycle handler scheme (SetDefaults_HTTPGetAction).
HTTP_GET_SCHEME = "HTTP"
# httpGet path when none is given (SetDefaults_HTTPGetAction).
HTTP_GET_PATH = "/"
# Pod spec enableServiceLinks (SetDefaults_PodSpec): Service env vars are injected.
ENABLE_SERVICE_LINKS = True
# defaultMode of secret/configMap/downwardAPI/projected volumes: 0644 (printed as 420).
VOLUME_DEFAULT_MODE = 420
# Projected service account token lifetime (SetDefaults_ServiceAccountTokenProjection).
TOKEN_EXPIRATION_SECONDS = 3600
# Deployment strategy type when none is given.
DEPLOYMENT_STRATEGY = "RollingUpdate"
# StatefulSet pod management policy and update strategy.
STATEFULSET_POD_MANAGEMENT_POLICY = "OrderedReady"
STATEFULSET_UPDATE_STRATEGY = "RollingUpdate"
# StatefulSet rollingUpdate.partition.
STATEFULSET_PARTITION = 0
# StatefulSet persistentVolumeClaimRetentionPolicy whenDeleted / whenScaled.
STATEFULSET_PVC_RETENTION = "Retain"
# DaemonSet update strategy type.
DAEMONSET_UPDATE_STRATEGY = "RollingUpdate"
# Job completions and parallelism when neither is given.
JOB_COMPLETIONS = 1
JOB_PARALLELISM = 1
# Job completionMode.
JOB_COMPLETION_MODE = "NonIndexed"
# Job podReplacementPolicy without / with a podFailurePolicy (JobPodReplacementPolicy, beta).
JOB_POD_REPLACEMENT_POLICY = "TerminatingOrFailed"
JOB_POD_REPLACEMENT_POLICY_WITH_FAILURE_POLICY = "Failed"
# CronJob concurrencyPolicy.
CRONJOB_CONCURRENCY_POLICY = "Allow"
# Service type, session affinity, ClientIP affinity timeout (3 h), traffic policies.
SERVICE_TYPE = "ClusterIP"
SESSION_AFFINITY = "None"
CLIENT_IP_TIMEOUT_SECONDS = 10800
INTERNAL_TRAFFIC_POLICY = "Cluster"
EXTERNAL_TRAFFIC_POLICY = "Cluster"
# IP families of a single-stack IPv4 cluster (set by the Service REST strategy upstream).
IP_FAMILY_POLICY = "SingleStack"
IP_FAMILIES = ("IPv4",)
# Secret type when none is given.
SECRET_TYPE = "Opaque"
# PersistentVolume(Claim) volumeMode and PersistentVolume reclaim policy.
VOLUME_MODE = "Filesystem"
PV_RECLAIM_POLICY = "Retain"
# Finalizers that keep storage objects while in use (StorageObjectInUseProtection admission, removed
# by the pvc-protection / pv-protection controllers) and a LoadBalancer Service until its cloud load
# balancer is released (the cloud controller manager's service controller).
PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection"
PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection"
LB_CLEANUP_FINALIZER = "service.kubernetes.io/load-balancer-cleanup"
# SetDefaults_PersistentVolumeClaim: the phase a claim (or a StatefulSet's claim template) starts in.
PVC_PHASE = "Pending"
# StorageClass reclaimPolicy and volumeBindingMode.
STORAGECLASS_RECLAIM_POLICY = "Delete"
STORAGECLASS_BINDING_MODE = "Immediate"
# HorizontalPodAutoscaler (autoscaling/v2): minReplicas and the CPU target when no metric is given.
HPA_MIN_REPLICAS = 1
HPA_DEFAULT_CPU_UTILIZATION = 80
# PriorityClass preemptionPolicy.
PREEMPTION_POLICY = "PreemptLowerPriority"

# --- Controller work queues and informers (client-go util/workqueue, tools/cache) ----------------
# A key whose reconcile failed waits base × 2^failures, capped (ItemExponentialFailureRateLimiter of
# DefaultControllerRateLimiter: 5 ms, 10 ms, 20 ms … 1000 s); success forgets the failures.
CONTROLLER_RETRY_BASE_MS = 5
CONTROLLER_RETRY_MAX_MS = 1_000_000
# …and every retry of one queue takes a token from a bucket of 100 refilled at 10 per second
# (the BucketRateLimiter half of DefaultControllerRateLimiter).
CONTROLLER_RETRY_QPS = 10
CONTROLLER_RETRY_BURST = 100
# A ReplicaSet sync creates or deletes at most this many pods (burstReplicas); the rest wait for
# the next sync.
REPLICASET_BURST_REPLICAS = 500
# A DaemonSet sync creates or deletes at most this many daemon pods (the DaemonSet controller's
# burstReplicas); the nodes left over are looked at again by the next sync.
DAEMONSET_BURST_REPLICAS = 250
# Controllers create pods in slow-start batches of 1, 2, 4, …; a batch with a failure ends the
# creates of the pass (SlowStartInitialBatchSize).
SLOW_START_INITIAL_BATCH_SIZE = 1
# kube-controller-manager's API client: 20 requests a second, bursts of 30 (--kube-api-qps,
# --kube-api-burst defaults); a ReplicaSet's pod creates and deletes wait for it, which is what
# makes scaling to a huge count a steady ~20 pods a second on a real cluster.
CONTROLLER_MANAGER_API_QPS = 20
CONTROLLER_MANAGER_API_BURST = 30
# The namespace controller caps its back-off at 60 s, so a namespace is retried at least every
# minute (nsControllerRateLimiter).
NAMESPACE_RETRY_MAX_MS = 60_000
# The Job controller's own API back-off: 1 s doubling to 1 min (DefaultJobApiBackOff,
# MaxJobApiBackOff), without a bucket — apart from its pod-failure back-off (10 s … 6 min).
JOB_API_RETRY_BASE_MS = 1_000
JOB_API_RETRY_MAX_MS = 60_000
# The cloud provider's service controller retries a load balancer after 5 s doubling to 5 min
# (minRetryDelay, maxRetryDelay), without a bucket.
SERVICE_LB_RETRY_BASE_MS = 5_000
SERVICE_LB_RETRY_MAX_MS = 300_000
# The deployment and endpoints controllers give a key up after 15 failed retries (maxRetries: the
# last wait is 82 s); only a new event or a re-list brings it back.
CONTROLLER_MAX_RETRIES = 15
# A reflector whose watch broke (API server or etcd gone) lists again after 800 ms, doubling to
# 30 s, starting again from 800 ms after 2 min without a failure (NewExponentialBackoffManager;
# upstream adds up to 100 % random jitter, left out here to stay deterministic).
REFLECTOR_BACKOFF_INITIAL_MS = 800
REFLECTOR_BACKOFF_MAX_MS = 30_000
REFLECTOR_BACKOFF_RESET_MS = 120_000

# --- Namespace deletion (kube-controller-manager's namespace controller, pkg/controller/namespace)
# From a namespace turning Terminating to the controller's first pass over it (watch delivery,
# work queue, discovery of every API resource).
NAMESPACE_SYNC_DELAY_MS = 1000
# One pass over every namespaced resource type (list, delete, list again) before the controller
# knows whether anything is left; an empty namespace is gone about 5 s after `kubectl delete ns`.
NAMESPACE_SWEEP_MS = 4000
# Content still there after a pass: look again after estimate/2 + this, the estimate being the
# longest remaining pod grace period in seconds (upstream requeues after estimate/2 + 1 s).
NAMESPACE_RECHECK_MS = 1000

# --- Resource usage, metrics and node-pressure eviction (kubelet cAdvisor/eviction, metrics-server)
# cAdvisor housekeeping inside the kubelet: one usage sample per container, pod and node every 10 s
# (kubelet --housekeeping-interval default; kubernetes-facts §3.6).
HOUSEKEEPING_INTERVAL_MS = 10_000
# Points kept per usage time series (ring buffer): 24 h of 10-s samples. Older points are dropped.
USAGE_SERIES_POINTS = 8_640
# Usage series of pods that left a node kept for history (oldest dropped first), per node.
USAGE_RETAINED_POD_SERIES = 256
# CFS bandwidth period (kubelet cpuCFSQuotaPeriod): quota = limit × period; counts nr_periods.
CFS_PERIOD_MS = 100
# cgroup cpu.shares of a container without a CPU request (MinShares; shares = request m × 1024/1000).
CPU_MIN_SHARES = 2
# Step of the look-ahead scan for a memory demand crossing its limit between two samples; the
# crossing is then narrowed to the millisecond (the OOM kill happens exactly then).
OOM_SCAN_STEP_MS = 100
# Node-level usage outside pods (OS, kubelet, containerd, AKS system agents), added to every node's
# usage. Idle AKS Standard_DS2_v2 nodes show 97–183m and 1.3–1.5 GiB in `kubectl top nodes`.
SYSTEM_CPU_M = 100
SYSTEM_MEMORY_BYTES = 1280 * 1024 * 1024
# Hard eviction threshold memory.available<100Mi (kubelet default; AKS ≥ 1.29, facts §3.6/§7.2).
EVICTION_HARD_MEMORY_AVAILABLE = "100Mi"
# AKS before Kubernetes 1.29 set memory.available<750Mi (facts §7.2).
EVICTION_HARD_MEMORY_AVAILABLE_AKS_LEGACY = "750Mi"
# Eviction manager loop (kubelet evictionMonitoringPeriod / housekeeping): one pass every 10 s.
EVICTION_MONITORING_INTERVAL_MS = 10_000
# eviction-pressure-transition-period: a pressure condition stays True this long after the last
# observation of the threshold being met.
EVICTION_PRESSURE_TRANSITION_MS = 5 * 60 * 1000
# metrics-server --metric-resolution default: every kubelet is scraped every 15 s.
METRICS_RESOLUTION_MS = 15_000
# A kubelet whose newest sample is older than this at scrape time counts as unreachable (its node
# prints <unknown> in `kubectl top nodes`, its pods have no metrics).
METRICS_STALE_MS = 2 * HOUSEKEEPING_INTERVAL_MS
# kubectl top pod: a pod younger than this without metrics is "not available yet", older is an
# error naming the pod (kubectl metricsCreationDelay).
METRICS_CREATION_DELAY_MS = 2 * 60 * 1000

# --- Container runtime (k8scourse.runtime: containerd's role) ----------------------------------
# Registry round trip of every pull (resolve + manifest); also all a pull of a cached image costs.
IMAGE_PULL_OVERHEAD_MS = 500
# Steady download rate of a pull: 7 MB/s makes nginx:1.7.9's 39,947,825 bytes a 6.2 s pull (golden 01).
IMAGE_PULL_BYTES_PER_S = 7_000_000
# Images a Node reports in status.images, largest first (kubelet nodeStatusMaxImages).
NODE_STATUS_MAX_IMAGES = 50
# How far ahead the runtime runs a program to learn when it exits (a program running longer is looked at again).
PROGRAM_LOOKAHEAD_MS = 600_000
# Steps a program may take per look-ahead (a bound on busy scripts).
PROGRAM_STEP_BUDGET = 5_000
# Lines of output kept per container (the kubelet rotates logs at containerLogMaxSize 10Mi).
CONTAINER_LOG_MAX_LINES = 10_000

# --- Streaming kubectl commands (get -w, logs -f: k8scourse.cli.kubectl.stream) ----------------
# A stream advances simulated time in steps of this many seconds, printing what arrived after each.
STREAM_POLL_SECONDS = 1
# Without --request-timeout it ends when nothing new was printed for this long (simulated seconds)…
STREAM_IDLE_SECONDS = 30
# … and at the latest after this long (a real watch runs until Ctrl-C; a notebook cell must end).
STREAM_MAX_SECONDS = 600

# --- kubelet (k8scourse.kubelet) ---------------------------------------------------------------
# The kubelet's HTTPS port (containerLogs, exec, attach, /metrics/resource), daemonEndpoints in Node status.
KUBELET_PORT = 10250
# RunPodSandbox: pause container + CNI ADD, from admission to PodReadyToStartContainers.
KUBELET_SANDBOX_CREATE_MS = 1000
# CreateContainer (the "Created" event comes this long after the image is ready).
KUBELET_CONTAINER_CREATE_MS = 150
# StartContainer (the "Started" event and state.running.startedAt).
KUBELET_CONTAINER_START_MS = 350
# StopPodSandbox + CNI DEL once the last container is gone, before the final delete.
KUBELET_SANDBOX_TEARDOWN_MS = 100
# Crash and image-pull back-off: 10 s doubling to 300 s; forgotten after 2 x max = 10 min.
KUBELET_BACKOFF_INITIAL_MS = 10_000
KUBELET_BACKOFF_MAX_MS = 300_000
# The status manager's periodic sync (upstream syncPeriod 10 s): a pod status or final delete the API
# server or etcd refused is written again this often until it goes through.
KUBELET_STATUS_SYNC_MS = 10_000
# Pod worker re-sync while a container waits (upstream backOffPeriod 10 s): BackOff events repeat this often.
KUBELET_POD_RESYNC_MS = 10_000
# ErrImagePull turns into ImagePullBackOff at the next sync, this long after the failed pull.
KUBELET_IMAGE_BACKOFF_REPORT_MS = 1000
# Node lease: duration and renew interval (kubelet nodeLeaseDurationSeconds 40, renew = duration/4).
NODE_LEASE_DURATION_SECONDS = 40
NODE_LEASE_RENEW_MS = 10_000
# Node status is written when it changed, and at least this often (nodeStatusReportFrequency 5m).
NODE_STATUS_REPORT_MS = 300_000

# --- kube-scheduler's numpy path (scheduler/batch.py, scheduler/podindex.py) -----------------------
# Node-local filter/score answers kept per pod shape, per kind; the least recently used are dropped
# (a Deployment's replicas share one shape, so a handful covers a busy cluster).
SCHEDULER_KEPT_SHAPES = 64
# Nodes changed since a kept answer was last used: up to this many are refreshed node by node with the
# plugin's own Filter/Score, more with its numpy batch hook.
SCHEDULER_SCALAR_REFRESH = 16
# Selector matchers the pod index keeps counts for (affinity terms, spread constraints); each costs a
# check per pod added or removed, so the least recently used beyond this are dropped.
SCHEDULER_POD_INDEX_MATCHERS = 64

# --- The served REST endpoint (k8scourse.serve) ------------------------------------------------
# Validity of the per-cluster CA and serving certificate (kubeadm: CA 10 years, serving cert 1 year).
SERVE_CERT_DAYS = 365
# Largest request body the API server reads (kube-apiserver's --max-request-bytes default, 3 MiB);
# a longer one is answered 413 "Request entity too large: limit is 3145728".
MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024
# What the served endpoint's HTTP layer reads at most (the limit + framing); past the limit the API
# server's own 413 Status answers.
SERVE_MAX_BODY_BYTES = 3 * 1024 * 1024 + 4096
# Revisions of etcd's history readable by watches and exact-version lists; older ones answer
# 410 Gone "too old resource version" (etcd compacts every 5 minutes upstream).
WATCH_HISTORY_REVISIONS = 10_000
# Events expire this long after their last write (kube-apiserver --event-ttl, default 1h).
EVENT_TTL_SECONDS = 3600
# The API server's etcd lease manager reuses its last lease for Events written within this window
# (the smaller of 60 s and 5 % of the ttl) and for at most 1,000 objects (apiserver lease_manager.go).
EVENT_LEASE_REUSE_SECONDS = 60
EVENT_LEASE_REUSE_PERCENT = 0.05
EVENT_LEASE_MAX_OBJECTS = 1000
# etcd's lessor looks for expired leases this often and revokes them with their keys.
ETCD_LEASE_REVOKE_INTERVAL_MS = 500
# kube-apiserver --etcd-compaction-interval (DefaultCompactInterval, 5 min): each interval its compactor
# compacts etcd to the revision it saw one interval earlier. Course clusters do not compact (0): the trace
# view, Cluster.history() and the grader read the whole write log; Cluster(etcd_compaction_interval=300)
# turns it on (bench/huge_cluster.py), and reads below the compacted revision are then 410 Gone.
ETCD_COMPACTION_INTERVAL_S = 0
ETCD_COMPACTION_INTERVAL_UPSTREAM_S = 300
# A watch without timeoutSeconds ends after this long (kube-apiserver --min-request-timeout 1800 s).
WATCH_TIMEOUT_SECONDS = 1800
# A bookmark is sent after this much quiet on a watch that allows them (the watch cache: ~1 min).
WATCH_BOOKMARK_SECONDS = 60
# Wall-clock pause between an exec/attach WebSocket upgrade and the first output: client-go sets up its
# stream readers only after the upgrade and drops data that arrives earlier (a real API server's
# output arrives after a round trip to the kubelet).
EXEC_FIRST_OUTPUT_DELAY_SECONDS = 0.2
# The DNS server a student's shell asks (Go's resolver names it in "lookup <name> on <server>:53: no such
# host"): Azure's virtual DNS address, what Cloud Shell and Azure VMs use.
CLIENT_NAMESERVER = "168.63.129.16"
# An exec'd command that sleeps longer than this in total stops there (simulated time; a day).
EXEC_MAX_SLEEP_MS = 24 * 3600 * 1000
# How often a followed log (kubectl logs -f) looks for new lines, in wall-clock seconds.
LOG_FOLLOW_POLL_SECONDS = 0.2

# Largest extra load faults.load accepts per container: a load is demand on a container, and no Azure
# VM size has more than 416 vCPUs or 12 TiB of memory, so anything beyond these is a typo, not a test.
MAX_LOAD_CPU_MILLICORES = 416_000
MAX_LOAD_MEMORY_BYTES = 12 * 1024 ** 4

# kubectl edit reopens the editor after an invalid save; the simulator stops after this many rounds
# (a scripted KUBE_EDITOR that keeps producing new invalid text would otherwise loop for ever).
EDIT_MAX_ROUNDS = 10

# --- The simulated Azure subscription's limits (issue 18: big clusters) ----------------------------
# Nodes of one AKS node pool (VM scale set): at most 1,000; a User pool may have 0, a System pool at
# least 1 (AKS's answer: "agentPoolProfile.count was N. It must be greater or equal to minCount:1 and
# less than or equal to maxCount:1000 ..."; AKSDOCS quotas-skus-regions.md "Max nodes per node pool").
AKS_MAX_NODES_PER_POOL = 1000
# Regional vCPU quotas of the course's subscription (Microsoft.Compute usages "cores" and the per-family
# "standard<Series>Family" quotas): the documented pay-as-you-go defaults, "VM total cores per
# subscription: 20 per region" and "VM per series (Dv2, F …) cores per subscription: 20 per region"
# (Azure docs, azure-resource-manager/management/azure-subscription-service-limits, Virtual Machines
# limits; defaults vary by offer — a Free Trial has 4 regional cores, MicrosoftDocs/azure-docs#47814).
# 20 vCPUs are ten Standard_DS2_v2 nodes: the lecture's 3-node clusters fit, a 1,000-node one does not.
AZURE_REGIONAL_VCPU_QUOTA = 20
AZURE_FAMILY_VCPU_QUOTA = 20
# Nodes of a kubenet AKS cluster, all pools together (autoscaler maxima counted): at most 400, the route
# table's limit (AKSDOCS configure-kubenet.md; AKS answers "ValidationError … exceeds the limit for Kubenet
# 400", kubernetes-sigs/cloud-provider-azure#4158).
AKS_KUBENET_MAX_NODES = 400

# --- The event loop
# Allocations between two young-generation collections of Python's cyclic GC while the simulation
# runs (Simulation.run raises the threshold to this and puts it back after; Python's default is 700).
# Every tick allocates a few short-lived containers (an event, samples, a lease version); with the
# default, objects that live one tick interval are promoted and a big cluster's heap is walked again
# and again: a 100-node steady run spent ~30 % of its CPU in the collector, ~2 % with 100 000.
GC_YOUNG_THRESHOLD = 100_000

# --------------------------------------------------------------------------- certificates (CSRs)
# The cluster CA's validity: kubeadm's CA certificate is valid for ten years.
CLUSTER_CA_DAYS = 3650
# kube-controller-manager --cluster-signing-duration default (8760h): a CSR without
# spec.expirationSeconds (or asking for longer) gets a one-year certificate.
CLUSTER_SIGNING_DURATION_S = 365 * 24 * 3600
# The csrsigning controller backdates notBefore by five minutes (clock skew between machines).
CSR_SIGNING_BACKDATE_S = 300
# kube-controller-manager's csrcleaner: a pass every hour; issued (approved), denied and failed
# requests go an hour after that condition's lastUpdateTime, pending ones a day after creation.
CSR_CLEANER_PERIOD_S = 3600
CSR_FINISHED_EXPIRATION_S = 3600
CSR_PENDING_EXPIRATION_S = 24 * 3600

# --- Field managers (metadata.managedFields) -------------------------------------------------
# The field manager an in-process component's writes are recorded under when it names none: what
# upstream derives from the request's User-Agent (the part before the first "/"), i.e. the name of
# the component's binary, as a real 1.32 / AKS cluster shows it.
FIELD_MANAGERS = {
    # kube-apiserver's own writes: the default/kubernetes Service and its Endpoints/EndpointSlice,
    # the system namespaces, bootstrap RBAC (User-Agent "kube-apiserver/v1.32...")
    "system:apiserver": "kube-apiserver",
    # kube-scheduler: pod status of unschedulable pods (its bindings record nothing: pods/binding
    # writes the pod directly, bypassing the field manager)
    "system:kube-scheduler": "kube-scheduler",
    # controllers that run with kube-controller-manager's own credentials (the tokens controller)
    "system:kube-controller-manager": "kube-controller-manager",
    # kube-proxy / CoreDNS / metrics-server objects, applied with kubectl's client-side apply by the
    # add-on manager (User-Agent "kubectl/…" with fieldManager kubectl-client-side-apply)
    "system:addon-manager": "kubectl-client-side-apply",
    # the CoreDNS add-on's objects (k8scourse.dns.addon), installed the same way (not checked
    # against a live AKS cluster: its add-on manager's exact name is an assumption)
    "system:admin": "kubectl-client-side-apply",
    # the in-process kubectl reached without a session (its User-Agent "kubectl/v1.32...")
    "kubectl": "kubectl",
    # event recorders write as their reporting component: the Events are the binary's writes
    "default-scheduler": "kube-scheduler",
    "kubelet": "kubelet",
    "controllermanager": "kube-controller-manager",
    "cidrAllocator": "kube-controller-manager",
    "garbage-collector": "kube-controller-manager",
    "pod-garbage-collector": "kube-controller-manager",
    "horizontal-pod-autoscaler": "kube-controller-manager",
}
# Reporting components whose name ends so are kube-controller-manager's controllers (their Events).
FIELD_MANAGER_SUFFIXES = (("-controller", "kube-controller-manager"),)
# User-name prefixes of in-process components and their field managers: kube-controller-manager's
# controllers each use their own service account (--use-service-account-credentials) but one binary,
# hence one User-Agent prefix; every kubelet authenticates as system:node:<name>.
FIELD_MANAGER_PREFIXES = (
    ("system:serviceaccount:kube-system:", "kube-controller-manager"),
    ("system:node:", "kubelet"),
)
# At most this many Update entries are kept in managedFields: the oldest are merged into one entry
# named "ancient-changes" (upstream fieldmanager.DefaultMaxUpdateManagers).
MAX_UPDATE_MANAGERS = 10
