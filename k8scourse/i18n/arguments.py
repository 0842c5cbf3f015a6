"""Catalogue area: the Python API's answers to bad arguments (:mod:`k8scourse.arguments`).

A notebook calls ``Cluster(...)``, ``c.run(...)``, ``c.get(...)``, ``az(...)``, ``c.faults.stop(...)``
with Python values; a wrong one is answered with a :class:`~k8scourse.errors.ArgumentError` whose
text names the call, the parameter, what it takes and what it got. ``{call}`` and ``{param}`` are
Python names and stay as they are in both languages.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "arg.type": {"en": "{call}: {param} must be {expected}, not {got}",
                 "ko": "{call}: {param} 는 {expected} 이어야 합니다 ({got} 가 주어짐)"},
    "arg.range": {"en": "{call}: {param} must be {expected}, not {got}",
                  "ko": "{call}: {param} 는 {expected} 이어야 합니다 ({got} 가 주어짐)"},
    "arg.expect.text": {"en": "a string", "ko": "문자열"},
    "arg.expect.text_or_none": {"en": "a string or None", "ko": "문자열 또는 None"},
    "arg.expect.command": {"en": "a command line (a string, or a list of strings)",
                           "ko": "명령줄 (문자열, 또는 문자열의 리스트)"},
    "arg.expect.bool": {"en": "True or False", "ko": "True 또는 False"},
    "arg.expect.whole": {"en": "a whole number from {low} to {high}", "ko": "{low} 부터 {high} 까지의 정수"},
    "arg.expect.callable": {"en": "a function taking no arguments", "ko": "인자 없는 함수"},
    "arg.expect.strings": {"en": "a list of strings", "ko": "문자열의 리스트"},
    "arg.expect.kind": {"en": "a resource name such as \"pods\" or \"deployments\"",
                        "ko": "\"pods\", \"deployments\" 같은 리소스 이름"},
    "arg.expect.version": {"en": "a Kubernetes version such as \"1.32.4\"", "ko": "\"1.32.4\" 같은 쿠버네티스 버전"},
    "arg.expect.timestamp": {"en": "an ISO 8601 time such as \"2024-03-01T09:00:00Z\"",
                             "ko": "\"2024-03-01T09:00:00Z\" 같은 ISO 8601 시각"},
    "arg.expect.cidr": {"en": "an address range such as \"10.0.0.0/16\"", "ko": "\"10.0.0.0/16\" 같은 주소 범위"},
    "arg.expect.pool": {"en": "an AKS node pool name (a lowercase letter, then up to 11 lowercase letters or digits)",
                        "ko": "AKS 노드 풀 이름 (소문자로 시작하고, 이어서 소문자나 숫자 최대 11자)"},
    # durations of run / settle / wait_until (k8scourse.sim.simulation.duration_ms)
    "arg.duration.type": {"en": "a duration in seconds is a number, not {got}",
                          "ko": "시간(초)은 숫자여야 합니다 ({got} 가 주어짐)"},
    "arg.duration.negative": {"en": "time only moves forward: a duration must not be negative",
                              "ko": "시간은 앞으로만 흐릅니다: 음수 시간은 쓸 수 없습니다"},
    "arg.duration.too_long": {"en": "{seconds} s is more than one run may cover ({limit} s); run in steps",
                              "ko": "{seconds} 초는 한 번의 실행이 다룰 수 있는 시간({limit} 초)보다 깁니다; "
                                    "나누어 실행하세요"},
    # Cluster(nodes=...)
    "arg.nodes": {"en": "nodes must be a whole number ≥ 0 and at most {limit} (an AKS cluster's maximum), "
                        "not {got}",
                  "ko": "nodes 는 0 이상 {limit} 이하(AKS 클러스터의 최대)의 정수여야 합니다 ({got} 가 주어짐)"},
    # faults that act through the API server (the DNS add-on is scaled through it)
    "faults.needs_api": {"en": "faults.{action}({target!r}): this goes through the API server, which cannot "
                               "answer now ({error}); start it (and etcd) first",
                         "ko": "faults.{action}({target!r}): 이 동작은 API 서버를 거치는데, 지금은 API 서버가 "
                               "응답할 수 없습니다 ({error}); 먼저 API 서버(와 etcd)를 시작하세요"},
}
