"""Catalogue area: ``cluster.trace`` (:mod:`k8scourse.network.trace`) and its drawing.

Interface, chain and component names (``eth0``, ``cbr0``, ``KUBE-SVC-…``, ``CoreDNS``) and the rule
lines the traffic model quotes (iptables, routes, DNS answers) stay as the real tools print them;
the descriptions of each hop and the outcome are the course's own, in both languages.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "trace.header": {"en": "trace {src} → {dst} ({url})", "ko": "추적 {src} → {dst} ({url})"},
    "trace.col.step": {"en": "STEP", "ko": "단계"},
    "trace.col.node": {"en": "NODE", "ko": "노드"},
    "trace.col.where": {"en": "WHERE", "ko": "위치"},
    "trace.col.what": {"en": "WHAT", "ko": "내용"},
    "trace.col.address": {"en": "ADDRESS", "ko": "주소"},
    "trace.outcome.response": {"en": "HTTP {status} from {pod}", "ko": "{pod} 가 HTTP {status} 로 응답"},
    "trace.outcome.timeout": {"en": "connection timed out", "ko": "연결 시간 초과 (connection timed out)"},
    "trace.outcome.refused": {"en": "connection refused", "ko": "연결 거부 (connection refused)"},
    "trace.outcome.dns_timeout": {"en": "DNS lookup timed out: no servers could be reached",
                                  "ko": "DNS 조회 시간 초과: 닿을 수 있는 DNS 서버가 없음"},
    "trace.outcome.unresolved": {"en": "could not resolve {host}", "ko": "{host} 의 이름을 해석하지 못함"},
    "trace.outcome.unreachable": {"en": "no route to host", "ko": "호스트로 가는 경로 없음 (no route to host)"},
    "trace.bad_destination": {
        "en": "unknown destination {dst}: pod/NAME, svc/NAME, localhost:PORT, a node, an IP or a URL",
        "ko": "알 수 없는 목적지 {dst}: pod/이름, svc/이름, localhost:포트, 노드, IP 주소, URL 중 하나를 쓰세요"},
    "trace.host_network": {"en": "host network", "ko": "호스트 네트워크"},
    "trace.uses_node_netns": {"en": "{pod} uses the node's network namespace",
                              "ko": "{pod} 는 노드의 네트워크 네임스페이스를 그대로 씀"},
    "trace.pod_netns": {"en": "pod's network namespace (held by its pause container)",
                        "ko": "파드의 네트워크 네임스페이스 (pause 컨테이너가 붙잡고 있음)"},
    "trace.host_veth": {"en": "host end of the pod's veth pair", "ko": "파드 veth 쌍의 호스트 쪽 끝"},
    "trace.host_veth_master": {"en": "host end of the pod's veth pair (master {bridge})",
                               "ko": "파드 veth 쌍의 호스트 쪽 끝 (master {bridge})"},
    "trace.bridge": {"en": "Linux bridge: the pods' gateway", "ko": "리눅스 브리지: 파드들의 게이트웨이"},
    "trace.cni_route": {"en": "{ip} dev {dev} scope link (Azure CNI, transparent mode)",
                        "ko": "{ip} dev {dev} scope link (Azure CNI, transparent 모드)"},
    "trace.leaves_node": {"en": "leaves the node: default via {gateway}", "ko": "노드를 떠남: default via {gateway}"},
    "trace.leaves_into_vnet": {"en": "leaves the node into the VNet", "ko": "노드를 떠나 VNet 으로 나감"},
    "trace.route_table": {"en": "{prefix} → next hop {hop} ({type})", "ko": "{prefix} → 다음 홉 {hop} ({type})"},
    "trace.vnet_routes": {"en": "routes the pod address to its node", "ko": "파드 주소를 그 파드의 노드로 라우팅"},
    "trace.arrives": {"en": "arrives at the node", "ko": "노드에 도착"},
    "trace.arrives_nodeport": {"en": "arrives at the node (its address, the NodePort)",
                               "ko": "노드에 도착 (노드 주소의 NodePort)"},
    "trace.localhost": {"en": "localhost inside the pod's network namespace (shared by its containers)",
                        "ko": "파드 네트워크 네임스페이스 안의 localhost (파드의 컨테이너들이 함께 씀)"},
    # the drawing (k8scourse.widgets.trace)
    "trace.draw.host_routes": {"en": "host routes (Azure CNI)", "ko": "호스트 라우트 (Azure CNI)"},
    "trace.draw.azure": {"en": "Azure (load balancer · route table · VNet)",
                         "ko": "Azure (로드밸런서 · 라우트 테이블 · VNet)"},
    "trace.draw.outside": {"en": "outside", "ko": "클러스터 외부"},
    # the traffic model's hop sentences, recognised by trace.HOP_TEXTS
    "trace.hop.connects": {"en": "{kind} {source} ({ip}) connects to {target}",
                           "ko": "{kind} {source} ({ip}) 가 {target} 에 연결"},
    "trace.hop.listens": {"en": "container {container} listens on {port}",
                          "ko": "컨테이너 {container} 가 포트 {port} 에서 듣고 있음"},
    "trace.hop.nothing_listens": {"en": "nothing listens on {port}", "ko": "포트 {port} 에서 듣는 것이 없음"},
    "trace.hop.node_down": {"en": "node {node} is down: no answer", "ko": "노드 {node} 가 꺼져 있음: 응답 없음"},
    "trace.hop.load_balancer": {"en": "Azure load balancer {frontend} → backend {backend}",
                                "ko": "Azure 로드밸런서 {frontend} → 백엔드 {backend}"},
    "trace.hop.policy_allowed": {"en": "{direction} allowed by NetworkPolicy {policy}",
                                 "ko": "{direction} 허용: NetworkPolicy {policy}"},
    "trace.hop.policy_denied_to": {
        "en": "{direction} to {pod} denied: selected by {label} {policies}, no rule allows it",
        "ko": "{pod} 로 들어오는 {direction} 거부: {label} {policies} 가 선택했지만 허용하는 규칙이 없음"},
    "trace.hop.policy_denied_from": {
        "en": "{direction} from {pod} denied: selected by {label} {policies}, no rule allows it",
        "ko": "{pod} 에서 나가는 {direction} 거부: {label} {policies} 가 선택했지만 허용하는 규칙이 없음"},
    "trace.hop.own_node": {"en": "from the pod's own node: always allowed", "ko": "파드 자신의 노드에서 옴: 항상 허용"},
    "trace.hop.allowed_by": {"en": "allowed by NetworkPolicy {policy}", "ko": "허용: NetworkPolicy {policy}"},
    "trace.hop.not_isolated": {"en": "no NetworkPolicy isolates either end",
                               "ko": "양쪽 끝 모두 격리하는 NetworkPolicy 가 없음"},
    "trace.hop.no_policies": {"en": "no NetworkPolicy in the cluster", "ko": "클러스터에 NetworkPolicy 가 없음"},
    "trace.hop.not_enforced": {"en": "NetworkPolicy not enforced: no policy engine (network_policy={engine})",
                               "ko": "NetworkPolicy 가 적용되지 않음: 폴리시 엔진이 없음 (network_policy={engine})"},
}
