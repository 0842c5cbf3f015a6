"""Catalogue area: who may do what — ``cluster.explain_access`` and the ``AccessMatrix`` widget.

(:mod:`k8scourse.apiserver.authorization.access`, :mod:`k8scourse.widgets.access`.) Kind names, binding
and role names, verbs and resources stay as the API spells them; the sentences around them are the
course's own, in both languages (Korean terms from ``docs/glossary.md``).
"""

MESSAGES: dict[str, dict[str, str]] = {
    "access.question": {"en": "Can {user} {verb} {what} {where}?", "ko": "{user} 가 {where} {what} 에 {verb} 할 수 있나요?"},
    "access.in_namespace": {"en": "in namespace {namespace}", "ko": "네임스페이스 {namespace} 의"},
    "access.cluster_wide": {"en": "cluster-wide", "ko": "클러스터 전체의"},
    "access.yes": {"en": "yes", "ko": "예"},
    "access.no": {"en": "no", "ko": "아니요"},
    "access.who": {"en": "who: {user}, in groups {groups}", "ko": "요청자: {user}, 그룹 {groups}"},
    "access.by_masters": {"en": "allowed: a member of system:masters may do anything, before RBAC is asked",
                          "ko": "허용: system:masters 그룹의 구성원은 RBAC 를 묻기 전에 모든 것이 허용됩니다"},
    "access.by_node": {"en": "allowed by the Node authorizer (a kubelet reaching its own node's objects)",
                       "ko": "Node 인가자가 허용 (kubelet 이 자기 노드의 객체에 접근)"},
    "access.by_binding": {"en": "allowed by {binding} for {subject}, which grants {role}",
                          "ko": "{subject} 를 묶은 {binding} 가 {role} 를 부여하여 허용"},
    "access.rule": {"en": "rule: {rule}", "ko": "규칙: {rule}"},
    "access.bindings": {"en": "bindings that apply to this user:", "ko": "이 사용자에게 적용되는 바인딩:"},
    "access.role_missing": {"en": "the role does not exist, so this binding grants nothing",
                            "ko": "롤이 존재하지 않으므로 이 바인딩은 아무 권한도 부여하지 않습니다"},
    "access.nothing_about": {"en": "nothing about {resource}", "ko": "{resource} 에 관한 규칙 없음"},
    "access.no_bindings": {"en": "no binding applies to this user", "ko": "이 사용자에게 적용되는 바인딩이 없습니다"},
    "access.no_rule": {"en": "no rule allows {verb} on {resource} (API group \"{group}\") here: RBAC only adds "
                                "permissions, so something must grant it",
                       "ko": "여기서 {resource} (API 그룹 \"{group}\") 에 {verb} 를 허용하는 규칙이 없습니다: RBAC 는 "
                             "권한을 더하기만 하므로 무언가가 부여해야 합니다"},
    "access.to_allow": {"en": "to allow exactly this:", "ko": "정확히 이것만 허용하려면:"},
    "access.rule_on": {"en": "{verbs} on {resources}", "ko": "{resources} 에 {verbs}"},
    "access.rule_urls": {"en": "{verbs} on the paths {urls}", "ko": "경로 {urls} 에 {verbs}"},
    "access.rule_groups": {"en": "in API group {groups}", "ko": "(API 그룹 {groups})"},
    "access.rule_names": {"en": "only the objects named {names}", "ko": "(이름이 {names} 인 객체만)"},
    "access.group_member": {"en": "(any member of {group})", "ko": "({group} 의 구성원)"},
    "access.subject": {"en": "SUBJECT", "ko": "주체"},
    "access.matrix_title": {"en": "Who can do what in namespace {namespace}:",
                            "ko": "네임스페이스 {namespace} 에서 누가 무엇을 할 수 있나:"},
    "access.matrix_empty": {"en": "(no binding names anyone but system users here)",
                            "ko": "(여기에는 시스템 사용자 외에 바인딩된 주체가 없습니다)"},
    "access.namespace": {"en": "namespace", "ko": "네임스페이스"},
    "access.include_system": {"en": "include system: subjects", "ko": "system: 주체 포함"},
    "access.via": {"en": "bound by", "ko": "바인딩"},
    "access.all_verbs": {"en": "all", "ko": "전체"},
    # kube-apiserver's HTTPS endpoint seen from a pod (k8scourse.apiserver.https)
    "https.method_not_modelled": {"en": "{method} requests to the API server from a pod are not modelled by the "
                                        "simulator (GET and HEAD only); use kubectl",
                                  "ko": "파드에서 API 서버로 보내는 {method} 요청은 시뮬레이터가 모델링하지 않습니다 "
                                        "(GET 과 HEAD 만 가능). kubectl 을 쓰세요"},
    "https.watch_not_modelled": {"en": "watch requests (?watch=true) are not modelled by the simulator; list again "
                                       "instead",
                                 "ko": "watch 요청(?watch=true)은 시뮬레이터가 모델링하지 않습니다. 대신 다시 list 하세요"},
}
