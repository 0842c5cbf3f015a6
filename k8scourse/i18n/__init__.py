"""The message catalogue: every learner-facing text outside the real tools' own output, in English and Korean.

One place holds every text a learner reads outside the command output itself (which stays the
real tools' English, byte for byte): widget labels, the scheduling explainer, ``cluster.trace``,
grading feedback and hints, plot labels. Each message has an English and a Korean text; the
course's lecture is Korean, so ``set_language("ko")`` switches every text built afterwards.

The catalogue is split by area: the widget and grading messages below, the explainer's and the
trace's in :mod:`.explain` and :mod:`.network`. :func:`catalogue` gives one language's whole
catalogue; the test suite checks that both have the same keys and the same placeholders. Korean
terms follow ``docs/glossary.md``.

This package is engine-free and imports nothing from the notebook stack, so the engine's text
functions (``explain``, ``trace``) and the grading layer can use it too.

>>> set_language("en"); t("dashboard.nodes", n=3)
'3 nodes'
>>> set_language("ko"); t("dashboard.nodes", n=3)
'노드 3개'
>>> set_language("en"); t("no.such.key")
'no.such.key'
>>> sorted(missing_translations())
[]
>>> display_width("노드 3개"), ljust("노드", 6) + "|"
(8, '노드  |')
"""

from __future__ import annotations

import unicodedata

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
    "dashboard.no_taints": {"en": "no taints", "ko": "없음"},
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
    "terminal.stop": {"en": "■ Stop", "ko": "■ 중지"},
    "terminal.help": {
        "en": "Commands: kubectl …, az …, docker …, curl …, sleep …, history, clear, help — with pipes "
              "(| grep, | head, | wc -l, | sort), && and ;\n",
        "ko": "사용 가능한 명령: kubectl …, az …, docker …, curl …, sleep …, history, clear, help — 파이프"
              "(| grep, | head, | wc -l, | sort), && 와 ; 도 쓸 수 있습니다\n"},
    # --- manifest editor ----------------------------------------------------------------------
    "editor.apply": {"en": "Apply", "ko": "적용(Apply)"},
    "editor.save_edit": {"en": "Save (kubectl edit)", "ko": "저장(kubectl edit)"},
    "editor.editing": {"en": "Editing {title}: change the YAML, then Save.",
                       "ko": "{title} 편집 중: YAML을 고친 뒤 저장을 누르세요."},
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
    "plot.vms": {"en": "VMs", "ko": "VM"},
    "plot.containers": {"en": "containers", "ko": "컨테이너"},
    "plot.by.node": {"en": "node", "ko": "노드"},
    "plot.by.pod": {"en": "pod", "ko": "파드"},
    "plot.by.namespace": {"en": "namespace", "ko": "네임스페이스"},
    "plot.rollout.desired": {"en": "desired", "ko": "목표(desired)"},
    "plot.rollout.updated": {"en": "updated", "ko": "업데이트됨(updated)"},
    "plot.rollout.ready": {"en": "ready", "ko": "준비됨(ready)"},
    "plot.rollout.available": {"en": "available", "ko": "사용 가능(available)"},
    "plot.rollout.old": {"en": "old", "ko": "이전 버전(old)"},
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
    # --- the served REST endpoint (k8scourse.serve) -------------------------------------------
    "serve.serving": {"en": "Cluster {name} is served at {url} (the real kubectl and client libraries can reach it)",
                      "ko": "클러스터 {name} 가 {url} 에서 서비스 중입니다 (실제 kubectl 과 클라이언트 라이브러리로 접속할 수 있습니다)"},
    "serve.kubeconfig": {"en": "In a terminal, run: {export}", "ko": "터미널에서 실행하세요: {export}"},
    "serve.cli.description": {"en": "Serve a simulated Kubernetes cluster on loopback for the real kubectl and "
                                    "client libraries.",
                              "ko": "시뮬레이션된 Kubernetes 클러스터를 루프백 주소에서 서비스해 실제 kubectl 과 클라이언트 "
                                    "라이브러리로 접속할 수 있게 합니다."},
    "serve.cli.http": {"en": "plain HTTP instead of HTTPS", "ko": "HTTPS 대신 평문 HTTP"},
    "serve.stopped": {"en": "Cluster {name} is no longer served", "ko": "클러스터 {name} 는 더 이상 서비스되지 않습니다"},
    # --- magics -------------------------------------------------------------------------------
    "magic.docker_missing": {"en": "bash: docker: command not found\n", "ko": "bash: docker: command not found\n"},
    "magic.node_usage": {"en": "usage: %node NODE COMMAND… (for example: %node {node} crictl ps)\n",
                         "ko": "사용법: %node 노드이름 명령… (예: %node {node} crictl ps)\n"},
    "magic.progress": {"en": "{done} of {total} simulated", "ko": "시뮬레이션 {total} 중 {done}"},
    "shell.forever": {"en": "sleep infinity never returns: the cell stopped here, as Ctrl-C would stop it\n",
                      "ko": "sleep infinity 는 끝나지 않습니다: Ctrl-C 를 누른 것처럼 셀을 여기서 멈췄습니다\n"},
    "shell.awk_not_modelled": {"en": "awk: this program is not modelled by the simulator: {program}",
                               "ko": "awk: 시뮬레이터가 모델링하지 않는 프로그램입니다: {program}"},
    "kubectl.kustomize_not_modelled": {"en": "error: kustomize (-k) is not modelled by the simulator: use -f",
                                       "ko": "error: 시뮬레이터는 kustomize(-k)를 모델링하지 않습니다: -f 를 쓰세요"},
    "magic.internal": {"en": "error: internal simulator error ({error}); please report this command\n",
                       "ko": "error: 시뮬레이터 내부 오류 ({error}); 이 명령을 알려 주세요\n"},
    # --- az front end (k8scourse.cli.az): the simulator's own words next to the CLI's ----------
    "az.welcome": {"en": "\nWelcome to the simulated Azure CLI! Use `az -h` to see available commands.\n",
                   "ko": "\n시뮬레이션된 Azure CLI 입니다! `az -h` 로 사용할 수 있는 명령을 볼 수 있습니다.\n"},
    "az.not_modelled.command": {
        "en": "'{command}' is a real Azure CLI command that this simulator does not model.",
        "ko": "'{command}' 는 실제 Azure CLI 명령이지만 이 시뮬레이터에는 구현되어 있지 않습니다."},
    "az.not_modelled.value": {
        "en": "{option} {value} is not modelled by this simulator.",
        "ko": "{option} {value} 은(는) 이 시뮬레이터에 구현되어 있지 않습니다."},
    "az.not_modelled.argument": {
        "en": "argument {option} of '{command}' is not modelled by this simulator.",
        "ko": "'{command}' 의 인수 {option} 은(는) 이 시뮬레이터에 구현되어 있지 않습니다."},
    # --- grading (k8scourse.grading): panel, gradebook, feedback --------------------------------
    "grading.panel.title": {"en": "Exercise: {title}", "ko": "실습: {title}"},
    "grading.panel.score": {"en": "Score: {points} / {max}", "ko": "점수: {points} / {max}"},
    "grading.panel.passed": {"en": "passed", "ko": "통과"},
    "grading.panel.failed": {"en": "not yet", "ko": "아직"},
    "grading.panel.hint": {"en": "Show a hint ({shown}/{total})", "ko": "힌트 보기 ({shown}/{total})"},
    "grading.panel.hint_n": {"en": "Hint {n}: {text}", "ko": "힌트 {n}: {text}"},
    "grading.panel.no_hints": {"en": "No more hints.", "ko": "더 이상 힌트가 없습니다."},
    "grading.panel.preview": {
        "en": "Preview: your commands were replayed in a fresh cluster inside this kernel. "
              "The course's grader does the same in its own process and decides.",
        "ko": "미리 보기: 여러분의 명령을 이 커널 안의 새 클러스터에 다시 실행해 채점했습니다. "
              "최종 점수는 채점기가 자기 프로세스에서 같은 방식으로 정합니다."},
    "grading.feedback.title": {"en": "Feedback for {student}", "ko": "{student} 님의 피드백"},
    "grading.feedback.exercise": {"en": "{exercise}: {points} / {max} points", "ko": "{exercise}: {points} / {max}점"},
    "grading.feedback.total": {"en": "Total: {points} / {max} points", "ko": "합계: {points} / {max}점"},
    "grading.reason.timeout": {"en": "The notebook did not finish within {seconds} s (a cell hangs or waits "
                                     "forever): no marks.",
                               "ko": "노트북이 {seconds}초 안에 끝나지 않았습니다 (멈춘 셀이 있습니다): 0점."},
    "grading.reason.crashed": {"en": "The notebook's kernel died ({detail}): no marks.",
                               "ko": "노트북 커널이 종료되었습니다 ({detail}): 0점."},
    "grading.reason.not_notebook": {"en": "The file is not a readable notebook ({detail}): no marks.",
                                    "ko": "읽을 수 있는 노트북 파일이 아닙니다 ({detail}): 0점."},
    "grading.reason.unknown_exercise": {
        "en": "Could not tell which exercise this notebook answers ({detail}): no marks.",
        "ko": "이 노트북이 어떤 실습의 답인지 알 수 없습니다 ({detail}): 0점."},
    "grading.reason.not_started": {
        "en": "The notebook never ran exercise(\"{exercise}\").start(), so no work was recorded: no marks.",
        "ko": "노트북이 exercise(\"{exercise}\").start() 를 실행하지 않아 기록된 작업이 없습니다: 0점."},
    "grading.reason.no_log": {"en": "The notebook left no operation log ({detail}): no marks.",
                              "ko": "노트북이 작업 기록을 남기지 않았습니다 ({detail}): 0점."},
    "grading.reason.error": {"en": "The grader could not run the notebook ({detail}): no marks.",
                             "ko": "채점기가 노트북을 실행하지 못했습니다 ({detail}): 0점."},
    "grading.flag.digest": {
        "en": "Flagged: the state your kernel reports differs from the replay of your commands (objects changed "
              "outside kubectl/az, or the engine patched). Only the replayed work counts.",
        "ko": "주의: 커널이 보고한 상태가 여러분의 명령을 다시 실행한 결과와 다릅니다 (kubectl/az 밖에서 객체를 "
              "바꾸었거나 엔진을 고쳤습니다). 다시 실행한 작업만 점수에 반영됩니다."},
    "grading.flag.exercise": {"en": "Flagged: the log was recorded for exercise {logged}, not {exercise}.",
                              "ko": "주의: 작업 기록이 {exercise} 가 아니라 {logged} 실습의 것입니다."},
    "grading.flag.skipped": {"en": "Flagged: {n} recorded operations were not replayed (first: {detail}).",
                             "ko": "주의: 기록된 작업 {n}개를 다시 실행하지 않았습니다 (첫 번째: {detail})."},
    "grading.flag.budget": {"en": "Flagged: the log asks for more than {seconds} s of simulated time; the rest "
                                  "was not replayed.",
                            "ko": "주의: 작업 기록이 시뮬레이션 시간 {seconds}초를 넘게 요구해 나머지는 다시 "
                                  "실행하지 않았습니다."},
    "grading.flag.dropped": {"en": "{n} calls had arguments the log cannot hold and were not recorded.",
                             "ko": "인자를 기록할 수 없는 호출 {n}개는 기록되지 않았습니다."},
    # --- grading: the classroom (sandboxed runs, integrity, the exercise's front ends) ----------
    "grading.reason.tampered": {"en": "Not graded: the grader's own files changed while this notebook ran "
                                      "({detail}).",
                                "ko": "채점하지 않음: 이 노트북이 실행되는 동안 채점기 파일이 바뀌었습니다 ({detail})."},
    "grading.reason.worker": {"en": "Not graded: the grading process stopped ({detail}).",
                              "ko": "채점하지 않음: 채점 프로세스가 멈췄습니다 ({detail})."},
    "grading.reason.output": {"en": "Not graded: the notebook produced more than {mb} MB of report.",
                              "ko": "채점하지 않음: 노트북의 보고가 {mb} MB 를 넘었습니다."},
    "grading.reason.replay_limit": {"en": "Not graded: replaying the recorded work went past the grader's limits "
                                          "({detail}).",
                                    "ko": "채점하지 않음: 기록된 작업을 다시 실행하는 데 채점기 한도를 넘었습니다 "
                                          "({detail})."},
    "grading.flag.faults": {"en": "Not replayed: {ops} — faults and loads belong to the exercise's own steps.",
                            "ko": "다시 실행하지 않음: {ops} — 장애와 부하는 실습 자체의 단계입니다."},
    "grading.flag.identity": {"en": "Flagged: the log was not recorded for this submission (recorded as "
                                    "{student!r}).",
                              "ko": "주의: 작업 기록이 이 제출물의 것이 아닙니다 ({student!r} 로 기록됨)."},
    "grading.flag.same_log": {"en": "Flagged: the same operation log as {students}.",
                              "ko": "주의: {students} 의 작업 기록과 똑같습니다."},
    "grading.panel.target_cluster": {
        "en": "%kubectl, %%kubectl, the terminal and the cluster ex.start() returned all act on the cluster of "
              "{exercise}: that is what gets graded.",
        "ko": "%kubectl, %%kubectl, 터미널, ex.start() 가 돌려준 cluster 는 모두 {exercise} 의 클러스터에서 "
              "동작하며, 그것이 채점됩니다."},
    "grading.panel.target_azure": {
        "en": "%az, %kubectl, %docker, the terminal and the az ex.start() returned all act on the subscription of "
              "{exercise}: that is what gets graded.",
        "ko": "%az, %kubectl, %docker, 터미널, ex.start() 가 돌려준 az 는 모두 {exercise} 의 구독에서 동작하며, "
              "그것이 채점됩니다."},
    "grading.check.error": {"en": "This check could not run ({detail}).",
                            "ko": "이 검사를 실행하지 못했습니다 ({detail})."},
    "grading.check.requires": {"en": "Counts once these checks pass: {checks}.",
                               "ko": "다음 검사를 통과해야 점수가 인정됩니다: {checks}."},
    "grading.object.ok": {"en": "{kind} {name} is there with the expected fields.",
                          "ko": "{kind} {name} 이(가) 기대한 필드 값으로 있습니다."},
    "grading.object.missing": {"en": "{kind} {name} was not found (namespace {namespace}).",
                               "ko": "{kind} {name} 을(를) 찾지 못했습니다 (네임스페이스 {namespace})."},
    "grading.object.field": {"en": "{kind} {name}: {path} is {actual}; expected {expected}.",
                             "ko": "{kind} {name}: {path} 값이 {actual} 입니다. 기대한 값: {expected}."},
    "grading.deployment.ok": {"en": "Deployment {name}: {ready} ready pods run {image}.",
                              "ko": "Deployment {name}: 준비된 파드 {ready}개가 {image} 를 실행합니다."},
    "grading.deployment.ready": {"en": "Deployment {name}: {ready} ready pods run {image}; {want} expected.",
                                 "ko": "Deployment {name}: {image} 를 실행하는 준비된 파드가 {ready}개입니다. "
                                       "기대한 수: {want}."},
    "grading.service.ok": {"en": "Service {name} has {count} ready endpoints.",
                           "ko": "Service {name} 에 준비된 엔드포인트가 {count}개 있습니다."},
    "grading.service.endpoints": {"en": "Service {name} has {count} ready endpoints; {want} expected. Check its "
                                        "selector against the pods' labels.",
                                  "ko": "Service {name} 의 준비된 엔드포인트가 {count}개입니다 (기대: {want}). "
                                        "셀렉터와 파드 라벨을 비교해 보세요."},
    "grading.service.answers": {"en": "Service {name} answers on port {port} through {count} endpoints.",
                                "ko": "Service {name} 가 엔드포인트 {count}개를 통해 포트 {port} 에서 응답합니다."},
    "grading.usage.none": {"en": "No usage samples of {what} in the graded period (nothing ran).",
                           "ko": "채점 구간에 {what} 의 사용량 샘플이 없습니다 (실행된 것이 없습니다)."},
    "grading.service.no_answer": {"en": "Service {name} does not answer on port {port}: nothing listens on "
                                        "target port {target} in its pods.",
                                  "ko": "Service {name} 가 포트 {port} 에서 응답하지 않습니다: 파드의 대상 포트 "
                                        "{target} 에서 듣는 프로세스가 없습니다."},
    "grading.rollout.ok": {"en": "Deployment {name}: revisions {revisions}, now running {image}.",
                           "ko": "Deployment {name}: 리비전 {revisions}, 지금 {image} 실행 중."},
    "grading.rollout.bad": {"en": "Deployment {name}: revisions {revisions} with images {images}, now {image}; "
                                  "expected {expected}.",
                            "ko": "Deployment {name}: 리비전 {revisions} (이미지 {images}), 현재 {image}. "
                                  "기대: {expected}."},
    "grading.health.ok": {"en": "No pod was OOMKilled or evicted.", "ko": "OOMKilled 되거나 축출된 파드가 없습니다."},
    "grading.health.oom": {"en": "OOMKilled (memory above the limit): {pods}.",
                           "ko": "OOMKilled (메모리가 제한(limit)을 넘음): {pods}."},
    "grading.health.evicted": {"en": "Evicted by the kubelet: {pods}.", "ko": "kubelet 이 축출한 파드: {pods}."},
    "grading.fit.ok": {"en": "Requests fit on every node and no pod is stuck Pending.",
                       "ko": "모든 노드에서 요청량이 할당 가능량 안에 있고 Pending 상태로 남은 파드가 없습니다."},
    "grading.fit.node": {"en": "Node {node}: requests {cpu}m CPU and {memory} MiB exceed allocatable {cpu_alloc}m "
                               "and {memory_alloc} MiB.",
                         "ko": "노드 {node}: 요청량 CPU {cpu}m, 메모리 {memory} MiB 가 할당 가능량 {cpu_alloc}m, "
                               "{memory_alloc} MiB 를 넘습니다."},
    "grading.fit.pending": {"en": "{n} pods are still Pending: {pods}.",
                            "ko": "아직 Pending 인 파드 {n}개: {pods}."},
    "grading.quota.ok": {"en": "Quota {name} in {namespace}: every used value is within its hard limit.",
                         "ko": "{namespace} 의 쿼타 {name}: 모든 사용량이 한도 안에 있습니다."},
    "grading.quota.over": {"en": "Quota {name} in {namespace}: {resource} used {used} exceeds hard {hard}.",
                           "ko": "{namespace} 의 쿼타 {name}: {resource} 사용량 {used} 가 한도 {hard} 를 넘습니다."},
    "grading.quota.under": {"en": "Quota {name} in {namespace}: {resource} used is {used}; at least {minimum} "
                                  "expected — are all the pods created?",
                            "ko": "{namespace} 의 쿼타 {name}: {resource} 사용량이 {used} 입니다. 최소 {minimum} 이어야 "
                                  "합니다 — 파드가 모두 만들어졌나요?"},
    "grading.azure.missing": {"en": "{name} was not found in the subscription.",
                              "ko": "구독에서 {name} 을(를) 찾지 못했습니다."},
    "grading.quota.missing": {"en": "No ResourceQuota in namespace {namespace}.",
                              "ko": "네임스페이스 {namespace} 에 ResourceQuota 가 없습니다."},
    "grading.usage.ok": {"en": "{what} {resource} stayed at or below {limit} (peak {peak}).",
                         "ko": "{what} 의 {resource} 사용량이 {limit} 이하였습니다 (최대 {peak})."},
    "grading.usage.bad": {"en": "{what} {resource} peaked at {peak}, above {limit}.",
                          "ko": "{what} 의 {resource} 사용량이 최대 {peak} 로 {limit} 를 넘었습니다."},
    "grading.cost.ok": {"en": "Cost ${cost} is within the budget of ${budget}.",
                        "ko": "비용 ${cost} 가 예산 ${budget} 안에 있습니다."},
    "grading.cost.bad": {"en": "Cost ${cost} exceeds the budget of ${budget}.",
                         "ko": "비용 ${cost} 가 예산 ${budget} 를 넘었습니다."},
    "grading.hosts.ok": {"en": "Your plan packs {apps} apps onto {hosts} hosts (at most {max} allowed).",
                         "ko": "계획대로 앱 {apps}개를 호스트 {hosts}대에 배치합니다 (최대 {max}대)."},
    "grading.hosts.bad": {"en": "Your plan needs {hosts} hosts; at most {max} allowed.",
                          "ko": "계획대로라면 호스트가 {hosts}대 필요합니다. 최대 {max}대까지 허용됩니다."},
    "grading.hosts.missing": {"en": "No plan was submitted: call ex.answer({answer}=...).",
                              "ko": "계획을 제출하지 않았습니다: ex.answer({answer}=...) 를 호출하세요."},
    "grading.spread.ok": {"en": "{name}: {pods} ready pods on {nodes} nodes.",
                          "ko": "{name}: 준비된 파드 {pods}개가 노드 {nodes}대에 있습니다."},
    "grading.spread.bad": {"en": "{name}: {pods} ready pods on {nodes} nodes; at least {want} nodes expected.",
                           "ko": "{name}: 준비된 파드 {pods}개가 노드 {nodes}대에 있습니다. 노드 {want}대 이상이 "
                                 "필요합니다."},
    "grading.available.ok": {"en": "Service {name} always had a ready endpoint during the test.",
                             "ko": "테스트 동안 Service {name} 에 항상 준비된 엔드포인트가 있었습니다."},
    "grading.available.bad": {"en": "Service {name} had no ready endpoint for {seconds} s during the test.",
                              "ko": "테스트 동안 Service {name} 에 준비된 엔드포인트가 {seconds}초 동안 없었습니다."},
    "grading.replicas.ok": {"en": "{name} scaled between {low} and {high} replicas.",
                            "ko": "{name} 의 레플리카 수가 {low}~{high} 사이에서 조정되었습니다."},
    "grading.replicas.bad": {"en": "{name} ran between {low} and {high} replicas; expected it to reach {want}.",
                             "ko": "{name} 의 레플리카 수가 {low}~{high} 였습니다. {want}에 도달해야 합니다."},
    "grading.access.ok": {"en": "{user} has exactly the access asked for.",
                          "ko": "{user} 에게 요구한 권한이 정확히 있습니다."},
    "grading.access.missing": {"en": "{user} cannot {verbs} {resource} in namespace {namespace}.",
                               "ko": "{user} 가 네임스페이스 {namespace} 의 {resource} 에 {verbs} 를 할 수 없습니다."},
    "grading.access.too_much": {"en": "{user} can still {verbs} {resource} in namespace {namespace}: more than "
                                      "it needs.",
                                "ko": "{user} 가 네임스페이스 {namespace} 의 {resource} 에 {verbs} 까지 할 수 있습니다: "
                                      "필요보다 많습니다."},
    "grading.podapi.ok": {"en": "The app's pod reads GET {path} with its own token (HTTP {status}).",
                          "ko": "앱의 파드가 자기 토큰으로 GET {path} 를 읽습니다 (HTTP {status})."},
    "grading.podapi.bad": {"en": "The app's pod got HTTP {status} for GET {path} with its own token; {want} expected.",
                           "ko": "앱의 파드가 자기 토큰으로 GET {path} 를 요청해 HTTP {status} 를 받았습니다. {want} 이어야 "
                                 "합니다."},
    "grading.podapi.no_pod": {"en": "No running pod with a token matches {selector} in namespace {namespace}.",
                              "ko": "네임스페이스 {namespace} 에 {selector} 에 맞고 토큰이 있는 실행 중인 파드가 없습니다."},
    "grading.http.ok": {"en": "{url} answers with the expected page.", "ko": "{url} 가 기대한 페이지로 응답합니다."},
    "grading.http.bad": {"en": "curl {url} did not return the expected page: {detail}",
                         "ko": "curl {url} 가 기대한 페이지를 돌려주지 않았습니다: {detail}"},
    "grading.handle.not_recording": {"en": "this exercise is no longer recording; run ex.start() again",
                                     "ko": "이 실습은 더 이상 기록되고 있지 않습니다. ex.start() 를 다시 실행하세요"},
    "grading.handle.plain_data": {"en": "answers must be plain data (numbers, strings, lists, dicts)",
                                  "ko": "답은 단순한 데이터(숫자, 문자열, 리스트, 딕셔너리)여야 합니다"},
    "grading.handle.not_started": {"en": "run ex.start() first: exercise(\"{exercise}\").start()",
                                   "ko": "먼저 ex.start() 를 실행하세요: exercise(\"{exercise}\").start()"},
    # words put into the texts above as parameters (k8scourse.grading.result.tr translates them)
    "grading.term.its_image": {"en": "its image", "ko": "지정한 이미지"},
    "grading.term.ready_nodes": {"en": "Ready nodes", "ko": "Ready 상태 노드 수"},
    "grading.term.cluster": {"en": "cluster", "ko": "클러스터"},
    "grading.term.aks_cluster": {"en": "AKS cluster", "ko": "AKS 클러스터"},
    "grading.term.empty_answer": {"en": "empty answer", "ko": "빈 응답"},
    "grading.http.no_ip": {"en": "Container group {name} has no public IP address.",
                           "ko": "컨테이너 그룹 {name} 에 공인 IP 주소가 없습니다."},
    # --- container shells (k8scourse.runtime): what the simulator does not model --------------
    "tool.not_modelled": {"en": "{shell}: {tool}: exists in this image but is not modelled by the simulator",
                          "ko": "{shell}: {tool}: 이 이미지에 있는 명령이지만 시뮬레이터가 모델링하지 않습니다"},
    "tool.http_method_not_modelled": {"en": "{tool}: {method} requests are not modelled by the simulator "
                                            "(GET and HEAD only)",
                                      "ko": "{tool}: {method} 요청은 시뮬레이터가 모델링하지 않습니다 "
                                            "(GET, HEAD 만 지원)"},
    "tool.option_not_modelled": {"en": "{tool}: option {option} is not modelled by the simulator",
                                 "ko": "{tool}: {option} 옵션은 시뮬레이터가 모델링하지 않습니다"},
}

def _merge(*parts: dict[str, dict[str, str]]) -> None:
    for part in parts:
        for key, entry in part.items():
            if key in MESSAGES:
                raise RuntimeError(f"message key {key!r} defined twice in the catalogue")
            MESSAGES[key] = entry


from . import access as _access, arguments as _arguments, explain as _explain, network as _network  # noqa: E402
from . import simulation as _simulation  # noqa: E402

_merge(_explain.MESSAGES, _network.MESSAGES, _access.MESSAGES, _arguments.MESSAGES, _simulation.MESSAGES)

_language = "en"


def set_language(lang: str) -> None:
    """Choose the language of every text built from now on (``"en"`` or ``"ko"``)."""
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


def catalogue(lang: str) -> dict[str, str]:
    """One language's catalogue: every key with its text in ``lang`` (missing texts left out)."""
    return {key: entry[lang] for key, entry in MESSAGES.items() if entry.get(lang)}


def missing_translations() -> list[str]:
    """Keys lacking a text in some language (the test suite keeps this empty)."""
    return [k for k, v in MESSAGES.items() if any(not v.get(lang) for lang in LANGUAGES)]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced terminal: Hangul and other wide characters take two.

    Fixed-width tables (the explainer's, the trace's) pad with this, so Korean rows line up.
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def ljust(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns (:func:`display_width`)."""
    return text + " " * max(0, width - display_width(text))


__all__ = ["LANGUAGES", "MESSAGES", "catalogue", "display_width", "get_language", "ljust", "missing_translations",
           "set_language", "t"]
