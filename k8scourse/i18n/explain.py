"""Catalogue area: the scheduling explainer (``cluster.explain``, :mod:`k8scourse.scheduler.explain`).

Plugin names (``NodeResourcesFit`` …), outcomes (``Bound``, ``Unschedulable``) and the plugins' own
reasons stay as kube-scheduler prints them in its events and logs; the sentences around them are
the course's own and come in both languages.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "explain.head": {"en": "Pod {pod}: {outcome}", "ko": "파드 {pod}: {outcome}"},
    "explain.head_node": {"en": "Pod {pod}: {outcome} on {node}", "ko": "파드 {pod}: {outcome} — 노드 {node}"},
    "explain.dry_run": {"en": "(no attempt recorded yet: dry evaluation against the cluster as it is now)",
                        "ko": "(기록된 스케줄링 시도가 아직 없음: 지금의 클러스터 상태로 미리 평가한 결과)"},
    "explain.attempt": {"en": "Attempt {attempt} at {time}", "ko": "{attempt}번째 시도, {time}"},
    "explain.message": {"en": "Message: {message}", "ko": "메시지: {message}"},
    "explain.why": {"en": "Why: {reason}", "ko": "이유: {reason}"},
    "explain.no_attempt": {
        "en": "bound without a recorded scheduling attempt (spec.nodeName was set directly, or the record is "
              "older than the scheduler keeps)",
        "ko": "기록된 스케줄링 시도 없이 바인딩됨 (spec.nodeName 을 직접 지정했거나, 스케줄러가 보관하는 기록보다 "
              "오래됨)"},
    "explain.prefilter": {"en": "PreFilter:", "ko": "PreFilter 단계:"},
    "explain.col.plugin": {"en": "PLUGIN", "ko": "플러그인"},
    "explain.col.result": {"en": "RESULT", "ko": "결과"},
    "explain.col.reason": {"en": "REASON", "ko": "사유"},
    "explain.col.node": {"en": "NODE", "ko": "노드"},
    "explain.col.detail": {"en": "DETAIL", "ko": "상세"},
    "explain.col.total": {"en": "TOTAL", "ko": "합계"},
    "explain.filter": {"en": "Filter ({nodes} nodes, {evaluated} evaluated):",
                       "ko": "Filter 단계 (노드 {nodes}개, 그중 {evaluated}개 평가):"},
    "explain.passed": {"en": "passed", "ko": "통과"},
    "explain.rejected": {"en": "rejected", "ko": "탈락"},
    "explain.not_evaluated": {"en": "not evaluated", "ko": "평가 안 함"},
    "explain.filters_passed": {"en": "{n} filters passed", "ko": "필터 {n}개 모두 통과"},
    "explain.enough_found": {"en": "enough feasible nodes were found before it",
                             "ko": "이 노드 앞에서 배치 가능한 노드를 이미 충분히 찾음"},
    "explain.more_nodes": {"en": "... {n} more nodes", "ko": "... 노드 {n}개 더"},
    "explain.score": {"en": "Score (normalized x weight = weighted; raw in brackets):",
                      "ko": "Score 단계 (정규화 점수 x 가중치 = 가중 점수, 괄호 안은 원점수):"},
    "explain.ties": {"en": "tied at the top: {nodes}", "ko": "최고 점수 동점: {nodes}"},
    "explain.postfilter": {"en": "PostFilter (preemption): {message}", "ko": "PostFilter (선점): {message}"},
    "explain.nominated": {"en": "Nominated node: {node}", "ko": "지명된 노드(nominated node): {node}"},
    # the scheduler's one-line reason for its decision (see REASONS in k8scourse.scheduler.explain)
    "explain.reason.no_nodes": {"en": "the cluster has no nodes", "ko": "클러스터에 노드가 없음"},
    "explain.reason.nominated_fits": {"en": "the nominated node still fits", "ko": "지명된 노드에 여전히 들어맞음"},
    "explain.reason.only_feasible": {"en": "it is the only feasible node (no scoring needed)",
                                     "ko": "배치 가능한 노드가 하나뿐 (점수 계산이 필요 없음)"},
    "explain.reason.none_passed": {"en": "no node passed the filters", "ko": "필터를 통과한 노드가 없음"},
    "explain.reason.none_passed_nominated": {
        "en": "no node passed the filters; preemption nominated {node}",
        "ko": "필터를 통과한 노드가 없음; 선점(preemption)으로 노드 {node} 를 지명함"},
    "explain.reason.highest": {"en": "highest total score {score}", "ko": "총점 {score} 로 가장 높음"},
    "explain.reason.tie_dry": {
        "en": "{n} nodes share the highest total score {score}; one would be picked at random",
        "ko": "노드 {n}개가 최고 총점 {score} 로 동점; 그중 하나를 무작위로 고르게 됨"},
    "explain.reason.tie": {"en": "highest total score {score}, shared by {n} nodes: picked at random",
                           "ko": "최고 총점 {score} 를 노드 {n}개가 나눠 가져 무작위로 고름"},
}
