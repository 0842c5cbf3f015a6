"""The message catalogue: every learner-facing label of the widgets (and, later, of grading).

One place holds every text a learner reads outside the command output itself (which stays the
real tools' English, byte for byte). Each message has an English and a Korean text; the course's
lecture is Korean, so ``set_language("ko")`` switches every widget label built afterwards.

This module is engine-free and imports nothing from the notebook stack, so the grading layer can
use it too.

>>> set_language("en"); t("dashboard.nodes", n=3)
'3 nodes'
>>> set_language("ko"); t("dashboard.nodes", n=3)
'노드 3개'
>>> set_language("en"); t("no.such.key")
'no.such.key'
>>> sorted(missing_translations())
[]
"""

from __future__ import annotations

LANGUAGES = ("en", "ko")

MESSAGES: dict[str, dict[str, str]] = {
    # --- shared -----------------------------------------------------------------------------
    "na": {"en": "n/a", "ko": "해당 없음"},
    "sim.time": {"en": "simulated time {time}", "ko": "시뮬레이션 시각 {time}"},
    "cpu": {"en": "CPU", "ko": "CPU"},
    "memory": {"en": "Memory", "ko": "메모리"},
    "requests": {"en": "requests", "ko": "요청(requests)"},
    "usage": {"en": "usage", "ko": "사용량"},
    "allocatable": {"en": "allocatable", "ko": "할당 가능"},
    # --- dashboard ----------------------------------------------------------------------------
    "dashboard.title": {"en": "Cluster {name}", "ko": "클러스터 {name}"},
    "dashboard.nodes": {"en": "{n} nodes", "ko": "노드 {n}개"},
    "dashboard.pods": {"en": "{n} pods", "ko": "파드 {n}개"},
    "dashboard.unscheduled": {"en": "Not scheduled yet", "ko": "아직 스케줄되지 않음"},
    "dashboard.no_pods": {"en": "no pods", "ko": "파드 없음"},
    "dashboard.taints": {"en": "taints", "ko": "테인트"},
    "dashboard.no_taints": {"en": "no taints", "ko": "테인트 없음"},
    "dashboard.restarts": {"en": "{n} restarts", "ko": "재시작 {n}회"},
    "dashboard.more_pods": {"en": "… and {n} more", "ko": "… 외 {n}개"},
    "dashboard.no_cluster": {"en": "No cluster yet: run az aks get-credentials first.",
                             "ko": "클러스터가 아직 없습니다: 먼저 az aks get-credentials 를 실행하세요."},
    # --- terminal -----------------------------------------------------------------------------
    "terminal.placeholder": {"en": "type a command, e.g. kubectl get pods — Enter runs it",
                             "ko": "명령을 입력하세요 (예: kubectl get pods) — Enter 로 실행"},
    "terminal.run": {"en": "Run", "ko": "실행"},
    "terminal.previous": {"en": "↑ Previous", "ko": "↑ 이전 명령"},
    "terminal.clear": {"en": "Clear", "ko": "지우기"},
    "terminal.history": {"en": "History", "ko": "기록"},
    "terminal.not_found": {"en": "bash: {cmd}: command not found\n", "ko": "bash: {cmd}: command not found\n"},
    "terminal.help": {
        "en": "Commands: kubectl …, az …, docker …, history, clear, help\n",
        "ko": "사용 가능한 명령: kubectl …, az …, docker …, history, clear, help\n"},
    # --- manifest editor ----------------------------------------------------------------------
    "editor.apply": {"en": "Apply", "ko": "적용(Apply)"},
    "editor.dry_run": {"en": "Dry run", "ko": "시험 실행(Dry run)"},
    "editor.delete": {"en": "Delete", "ko": "삭제(Delete)"},
    "editor.example": {"en": "Example", "ko": "예제"},
    "editor.at_line": {"en": "line {line}: {source}", "ko": "{line}번째 줄: {source}"},
    "editor.ready": {"en": "Edit the manifest, then Apply.", "ko": "매니페스트를 고친 뒤 적용을 누르세요."},
    # --- time controls ------------------------------------------------------------------------
    "time.step": {"en": "Step {s}s", "ko": "{s}초 진행"},
    "time.run": {"en": "Run", "ko": "실행"},
    "time.seconds": {"en": "seconds", "ko": "초"},
    "time.settle": {"en": "Run until settled", "ko": "안정될 때까지 실행"},
    "time.play": {"en": "Play", "ko": "재생"},
    "time.speed": {"en": "speed (simulated s per tick)", "ko": "속도 (틱당 시뮬레이션 초)"},
    # --- event timeline -----------------------------------------------------------------------
    "timeline.component": {"en": "Component", "ko": "구성 요소"},
    "timeline.all": {"en": "(all)", "ko": "(전체)"},
    "timeline.filter": {"en": "filter", "ko": "필터"},
    "timeline.source": {"en": "Source", "ko": "출처"},
    "timeline.time": {"en": "Time", "ko": "시각"},
    "timeline.what": {"en": "What", "ko": "내용"},
    "timeline.object": {"en": "Object", "ko": "대상"},
    "timeline.show": {"en": "show", "ko": "보기"},
    "timeline.events": {"en": "events", "ko": "이벤트"},
    "timeline.trace": {"en": "component trace", "ko": "구성 요소 추적"},
    "timeline.both": {"en": "both", "ko": "모두"},
    "timeline.rows": {"en": "{shown} of {total} rows", "ko": "전체 {total}행 중 {shown}행"},
    # --- topology -----------------------------------------------------------------------------
    "topology.select": {"en": "Highlight", "ko": "강조"},
    "topology.none": {"en": "(none)", "ko": "(없음)"},
    "topology.title": {"en": "Deployments → ReplicaSets → Pods → Nodes; Services → Endpoints → Pods",
                       "ko": "디플로이먼트 → 레플리카셋 → 파드 → 노드; 서비스 → 엔드포인트 → 파드"},
    # --- scheduling explainer -----------------------------------------------------------------
    "explain.title": {"en": "Why is pod {pod} where it is?", "ko": "파드 {pod} 는 왜 그 자리에 있을까?"},
    "explain.unavailable": {"en": "The scheduler's explanation is not available: {reason}",
                            "ko": "스케줄러 설명을 볼 수 없습니다: {reason}"},
    "explain.scores": {"en": "Score per node", "ko": "노드별 점수"},
    # --- plots --------------------------------------------------------------------------------
    "plot.time_s": {"en": "simulated time (s)", "ko": "시뮬레이션 시간 (초)"},
    "plot.cpu_m": {"en": "CPU (millicores)", "ko": "CPU (밀리코어)"},
    "plot.memory_mib": {"en": "memory (MiB)", "ko": "메모리 (MiB)"},
    "plot.usage_title": {"en": "Usage over time by {by}", "ko": "{by}별 시간에 따른 사용량"},
    "plot.rollout_title": {"en": "Rollout progress", "ko": "롤아웃 진행"},
    "plot.replicas": {"en": "replicas", "ko": "레플리카"},
    "plot.density_title": {"en": "Containers vs VMs: density and cost", "ko": "컨테이너 vs VM: 밀도와 비용"},
    "plot.workloads": {"en": "workloads", "ko": "워크로드"},
    "plot.machines": {"en": "machines needed", "ko": "필요한 머신 수"},
    "plot.cost": {"en": "cost per month", "ko": "월 비용"},
    "plot.no_data": {"en": "no data", "ko": "데이터 없음"},
    # --- AKS portal form ----------------------------------------------------------------------
    "portal.title": {"en": "Create Kubernetes cluster", "ko": "Kubernetes 클러스터 만들기"},
    "portal.group": {"en": "Resource group", "ko": "리소스 그룹"},
    "portal.new_group": {"en": "Create new group", "ko": "새 그룹 만들기"},
    "portal.name": {"en": "Kubernetes cluster name", "ko": "Kubernetes 클러스터 이름"},
    "portal.region": {"en": "Region", "ko": "지역"},
    "portal.version": {"en": "Kubernetes version", "ko": "Kubernetes 버전"},
    "portal.size": {"en": "Node size", "ko": "노드 크기"},
    "portal.count": {"en": "Node count", "ko": "노드 수"},
    "portal.network": {"en": "Network configuration", "ko": "네트워크 구성"},
    "portal.create": {"en": "Review + create", "ko": "검토 + 만들기"},
    "portal.ran": {"en": "Equivalent command:", "ko": "같은 일을 하는 명령:"},
    # --- console ------------------------------------------------------------------------------
    "console.terminal": {"en": "Terminal", "ko": "터미널"},
    "console.editor": {"en": "Manifest editor", "ko": "매니페스트 편집기"},
    "console.timeline": {"en": "Events", "ko": "이벤트"},
    # --- magics -------------------------------------------------------------------------------
    "magic.docker_missing": {"en": "bash: docker: command not found\n", "ko": "bash: docker: command not found\n"},
    "magic.internal": {"en": "error: internal simulator error ({error}); please report this command\n",
                       "ko": "error: 시뮬레이터 내부 오류 ({error}); 이 명령을 알려 주세요\n"},
}

_language = "en"


def set_language(lang: str) -> None:
    """Choose the language of every label built from now on (``"en"`` or ``"ko"``)."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of: {', '.join(LANGUAGES)}")
    _language = lang


def get_language() -> str:
    return _language


def t(key: str, **values) -> str:
    """The text of ``key`` in the current language, formatted with ``values``.

    An unknown key comes back as itself (a visible, harmless fallback, never an exception).
    """
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(_language) or entry["en"]
    return text.format(**values) if values else text


def missing_translations() -> list[str]:
    """Keys lacking a text in some language (the test suite keeps this empty)."""
    return [k for k, v in MESSAGES.items() if any(not v.get(lang) for lang in LANGUAGES)]


__all__ = ["LANGUAGES", "MESSAGES", "get_language", "missing_translations", "set_language", "t"]
