"""The catalogue: both languages have the same keys and the same placeholders, and the text
functions (explainer, trace, grading feedback) really speak the chosen language."""

from __future__ import annotations

import string

import pytest

from k8scourse import Cluster, i18n
from k8scourse.i18n import LANGUAGES, MESSAGES, catalogue, display_width, ljust, set_language, t


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_both_catalogues_have_the_same_keys():
    en, ko = catalogue("en"), catalogue("ko")
    assert set(en) == set(ko) == set(MESSAGES)
    assert {k.split(".")[0] for k in en} >= {"dashboard", "grading", "explain", "trace", "plot"}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_same_placeholders_in_both_languages(key):
    en, ko = MESSAGES[key]["en"], MESSAGES[key]["ko"]
    assert placeholders(en) == placeholders(ko), (en, ko)
    assert set(MESSAGES[key]) == set(LANGUAGES)


def test_korean_texts_are_translations_not_copies():
    """A Korean text equal to the English one is allowed only where no word needs translating."""
    same = sorted(k for k, v in MESSAGES.items() if v["en"] == v["ko"])
    assert same == ["cpu", "magic.docker_missing", "terminal.not_found"]   # CPU, and real bash's own words


def test_a_key_defined_twice_is_refused():
    with pytest.raises(RuntimeError, match="defined twice"):
        i18n._merge({"na": {"en": "x", "ko": "y"}})


def test_display_width_lines_up_hangul():
    assert display_width("파드") == 4 and display_width("pod") == 3
    assert ljust("노드", 6) == "노드  " and ljust("node", 6) == "node  "


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'jp'"):
        set_language("jp")


# ---------------------------------------------------------------- the text functions, per language
@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=3, seed=0)
    c.kubectl("run web --image=nginx --port=80")
    c.kubectl("expose pod web --port=80")
    c.kubectl("run client --image=busybox -- sleep 3600")
    c.run(seconds=30)
    return c


def test_explain_in_korean_with_aligned_columns(cluster):
    set_language("ko")
    text = cluster.explain("pod/web", echo=False)
    assert text.startswith("파드 default/web: Scheduled — 노드 ")
    assert "Filter 단계 (노드 3개, 그중 3개 평가):" in text
    assert "Score 단계 (정규화 점수 x 가중치 = 가중 점수, 괄호 안은 원점수):" in text
    header = next(line for line in text.splitlines() if line.strip().startswith("노드") and "결과" in line)
    row = next(line for line in text.splitlines() if "통과" in line)
    # "결과" starts in the same display column as "통과" (Hangul counts two columns)
    assert display_width(header[:header.index("결과")]) == display_width(row[:row.index("통과")])
    assert "NodeResourcesFit" in text            # plugin names stay kube-scheduler's


def test_explain_in_english_unchanged(cluster):
    set_language("en")
    text = cluster.explain("pod/web", echo=False)
    assert text.startswith("Pod default/web: Scheduled on ")
    assert "Score (normalized x weight = weighted; raw in brackets):" in text


def test_trace_in_korean(cluster):
    set_language("ko")
    tr = cluster.trace("pod/client", "svc/web", echo=False)
    text = tr.text
    assert text.startswith("추적 pod/client → svc/web (http://web:80)\n")
    assert text.splitlines()[1].split() == ["단계", "노드", "위치", "내용", "주소"]
    assert "파드의 네트워크 네임스페이스 (pause 컨테이너가 붙잡고 있음)" in text
    assert "리눅스 브리지: 파드들의 게이트웨이" in text
    assert text.rstrip().endswith("가 HTTP 200 로 응답")
    assert list(tr.frame().columns) == ["step", "node", "where", "what", "address"]   # the data API stays


def test_trace_bad_destination_in_korean(cluster):
    set_language("ko")
    with pytest.raises(ValueError, match="알 수 없는 목적지 'foo/bar'"):
        cluster.trace("pod/client", "foo/bar", echo=False)


def test_grading_terms_render_in_the_language_of_the_moment():
    from k8scourse.grading.result import tr
    assert tr("grading.deployment.ok", "en", name="web", ready=3, image="grading.term.its_image") == \
        "Deployment web: 3 ready pods run its image."
    assert tr("grading.deployment.ok", "ko", name="web", ready=3, image="grading.term.its_image") == \
        "Deployment web: 준비된 파드 3개가 지정한 이미지 를 실행합니다."


def test_plot_labels_follow_the_language():
    from k8scourse.widgets import plots
    set_language("ko")
    fig = plots.rollout_progress(__import__("pandas").DataFrame({"time": [0, 1], "desired": [3, 3], "ready": [0, 3]}))
    ax = fig.axes[0]
    assert ax.get_title() == "롤아웃 진행" and ax.get_ylabel() == "레플리카"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["목표(desired)", "준비됨(ready)"]
    assert t("plot.time_s") == ax.get_xlabel()


def assert_patterns_translate(patterns, translate, samples: dict) -> None:
    """Each (pattern, key) matches the key's English text, which ``translate`` turns into the Korean one
    in Korean and leaves alone in English."""
    for pattern, key in patterns:
        english = MESSAGES[key]["en"].format(**samples)
        assert pattern.fullmatch(english), key
        set_language("ko")
        assert translate(english) == MESSAGES[key]["ko"].format(**samples)
        set_language("en")
        assert translate(english) == english


def test_every_scheduler_reason_pattern_matches_its_english_text():
    """The explainer recognises the scheduler's reason sentences by pattern: each pattern must match
    its own English catalogue text, so the Korean text is chosen for exactly those sentences."""
    from k8scourse.scheduler.explain import REASONS, reason_text
    assert_patterns_translate(REASONS, reason_text, {"node": "aks-nodepool1-1-vmss000000", "score": "187", "n": "3"})


def test_explain_pending_pod_in_korean():
    c = Cluster(nodes=2, seed=0)
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: big}\n"
            "spec: {containers: [{name: big, image: nginx, resources: {requests: {cpu: '64'}}}]}\n")
    c.run(seconds=5)
    set_language("ko")
    text = c.explain("big", echo=False)
    assert text.startswith("파드 default/big: Unschedulable\n")
    assert "이유: 필터를 통과한 노드가 없음" in text
    assert "탈락" in text and "NodeResourcesFit: Insufficient cpu" in text


def test_every_traffic_hop_pattern_matches_its_english_text():
    """The trace recognises the traffic model's hop sentences by pattern (like the scheduler's reasons)."""
    from k8scourse.network.trace import HOP_TEXTS, hop_text
    samples = {"kind": "pod", "source": "pod/client", "ip": "10.244.0.5", "target": "web:80", "container": "nginx",
               "port": "80", "node": "aks-nodepool1-1-vmss000001", "frontend": "20.1.2.3:80",
               "backend": "aks-nodepool1-1-vmss000000", "direction": "ingress", "policy": "default/allow-client",
               "pod": "web-1", "label": "NetworkPolicy", "policies": "default/deny-all",
               "engine": "'none'"}
    assert_patterns_translate(HOP_TEXTS, hop_text, samples)
    set_language("ko")
    assert hop_text("allowed by NetworkPolicy a/x; allowed by NetworkPolicy a/y") == \
        "허용: NetworkPolicy a/x; 허용: NetworkPolicy a/y"
    assert hop_text("-A KUBE-SERVICES -d 10.0.0.10/32 -j KUBE-SVC-X") == "-A KUBE-SERVICES -d 10.0.0.10/32 -j KUBE-SVC-X"
