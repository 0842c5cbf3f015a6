"""``ManifestEditor``: a YAML text area with Apply, Dry run and Delete — ``kubectl apply -f`` by hand.

The buttons run exactly ``kubectl apply -f -``, ``kubectl apply --dry-run=server -f -`` and
``kubectl delete -f -`` with the text on standard input, so what the editor shows is what kubectl
prints: a validation error reads as the API server words it
(``The Pod "web" is invalid: spec.containers[0].image: Required value``). The editor then points
at the field: for every field path in the message (and for ``yaml: line N`` parse errors) it names
the manifest line where that field (or its nearest existing parent) is written.

The lecture's examples are pre-filled from :data:`EXAMPLES` (its nginx Pod and ``my-service``).

>>> locate_field(EXAMPLES["pod"], "spec.containers[0].image")
(8, '    image: nginx:1.7.9')
>>> locate_field(EXAMPLES["pod"], "spec.containers[0].resources")[0]   # missing: its parent
6
>>> field_paths('The Pod "x" is invalid: spec.containers[0].image: Required value')
['spec.containers[0].image']
"""

from __future__ import annotations

import re

import ipywidgets as W
import yaml

from ..i18n import t
from ._core import Target, esc, flush, pre_html, register

EXAMPLES: dict[str, str] = {
    "pod": """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.7.9
    ports:
    - containerPort: 8090
""",
    "service": """kind: Service
apiVersion: v1
metadata:
  name: my-service
spec:
  selector:
    app: myapp
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
""",
    "deployment": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
""",
}

_PATH = re.compile(r'(?:unknown field "|^\* |is invalid: |^)([A-Za-z][\w-]*(?:\.[\w./-]+|\[\d+\])+)(?=[":])',
                   re.MULTILINE)
_YAML_LINE = re.compile(r"yaml: line (\d+)")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_paths(message: str) -> list[str]:
    """Field paths named in an API server error (``spec.containers[0].image``), in order."""
    seen: list[str] = []
    for m in _PATH.finditer(message):
        path = m.group(1)
        if ("." in path or "[" in path) and path not in seen:
            seen.append(path)
    return seen


def locate_field(text: str, path: str) -> tuple[int, str] | None:
    """(1-based line, source line) where ``path`` — or its nearest existing parent — is written."""
    try:
        documents = list(yaml.compose_all(text))
    except yaml.YAMLError:
        return None
    steps = [(m.group(1), m.group(2)) for m in _STEP.finditer(path)]
    lines = text.splitlines()
    best = None
    for doc in documents:
        node, found, depth = doc, None, 0
        for key, index in steps:
            if index is not None and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
                node = node.value[int(index)]
                found = found or node
                depth += 1
            elif key is not None and isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
                if match is None:
                    break
                found, node = match[0], match[1]
                depth += 1
            else:
                break
        if found is not None and (best is None or depth > best[0]):
            best = (depth, found.start_mark.line)
    if best is None:
        return None
    line = best[1]
    return line + 1, lines[line] if line < len(lines) else ""


def pointers(text: str, message: str) -> list[str]:
    """``line N: <source>`` hints for every field or YAML line a message names."""
    out = []
    for path in field_paths(message):
        spot = locate_field(text, path)
        if spot is not None:
            out.append(f"{path} → " + t("editor.at_line", line=spot[0], source=spot[1].strip()))
    for m in _YAML_LINE.finditer(message):
        n = int(m.group(1))
        lines = text.splitlines()
        out.append(t("editor.at_line", line=n, source=lines[n - 1].strip() if 0 < n <= len(lines) else ""))
    return out


class ManifestEditor(W.VBox):
    """Edit a manifest and send it to the cluster the way ``kubectl`` would."""

    examples = EXAMPLES

    def __init__(self, cluster_or_azure, text: str | None = None, example: str = "pod"):
        self.target = Target(cluster_or_azure)
        self.example = W.Dropdown(options=sorted(self.examples), value=example if text is None else None,
                                  description=t("editor.example"))
        self.textarea = W.Textarea(value=text if text is not None else self.examples[example],
                                   rows=16, layout=W.Layout(width="100%"))
        self.textarea.add_class("k8s-editor-text")
        self.apply_button = W.Button(description=t("editor.apply"), button_style="primary")
        self.dry_run_button = W.Button(description=t("editor.dry_run"))
        self.delete_button = W.Button(description=t("editor.delete"), button_style="danger")
        for cls, b in (("apply", self.apply_button), ("dry-run", self.dry_run_button),
                       ("delete", self.delete_button)):
            b.add_class(f"k8s-editor-{cls}")
        self.result = W.HTML(value=f"<i>{esc(t('editor.ready'))}</i>")
        self.result.add_class("k8s-editor-result")
        self.apply_button.on_click(lambda _b: self.apply())
        self.dry_run_button.on_click(lambda _b: self.dry_run())
        self.delete_button.on_click(lambda _b: self.delete())
        self.example.observe(self._on_example, names="value")
        self.last = None
        super().__init__([W.HBox([self.example, self.apply_button, self.dry_run_button, self.delete_button]),
                          self.textarea, self.result])
        self.add_class("k8s-editor")
        register(self)

    @property
    def text(self) -> str:
        return self.textarea.value

    @text.setter
    def text(self, value: str) -> None:
        self.textarea.value = value

    def _on_example(self, change) -> None:
        if change["new"]:
            self.textarea.value = self.examples[change["new"]]

    # ------------------------------------------------------------------ actions
    def _run(self, args: list[str]):
        result = self.target.kubectl(args, stdin=self.textarea.value)
        self.last = result
        hints = pointers(self.textarea.value, str(result)) if result.exit_code else []
        colour = "#c62828" if result.exit_code else "#2e7d32"
        html = f"<div style='color:{colour}'>{pre_html(str(result), 'k8s-editor-output')}</div>"
        if hints:
            html += pre_html("\n".join(hints), "k8s-editor-pointers")
        self.result.value = html
        flush()
        return result

    def apply(self):
        """``kubectl apply -f -`` with the editor's text; returns the CommandResult."""
        return self._run(["apply", "-f", "-"])

    def dry_run(self):
        """``kubectl apply --dry-run=server -f -``: validated and admitted, nothing stored."""
        return self._run(["apply", "--dry-run=server", "-f", "-"])

    def delete(self):
        """``kubectl delete -f -`` with the editor's text."""
        return self._run(["delete", "-f", "-"])

    # ------------------------------------------------------------------ refresh protocol
    def stale(self) -> bool:
        return False

    def refresh(self) -> "ManifestEditor":
        return self

    def text_repr(self) -> str:
        first = next((line for line in self.textarea.value.splitlines() if line.startswith("kind:")), "kind: ?")
        last = "" if self.last is None else f", last: {str(self.last).splitlines()[0] if str(self.last) else ''}"
        return f"ManifestEditor({first.split(':', 1)[1].strip()}{last})"

    def __repr__(self) -> str:
        return self.text_repr()


class LiveEditor(W.VBox):
    """``%kubectl edit deploy/x`` in a notebook: the live object's YAML (with kubectl's header) and a
    Save button that patches the edit back as ``kubectl edit`` does (``save`` is the engine's
    :func:`k8scourse.cli.kubectl.edit.save_edit` for this object)."""

    def __init__(self, title: str, text: str, save):
        self._save = save
        self.textarea = W.Textarea(value=text, rows=20, layout=W.Layout(width="100%"))
        self.textarea.add_class("k8s-editor-text")
        self.save_button = W.Button(description=t("editor.save_edit"), button_style="primary")
        self.save_button.add_class("k8s-editor-save")
        self.save_button.on_click(lambda _b: self.save())
        self.result = W.HTML(value=f"<i>{esc(t('editor.editing', title=title))}</i>")
        self.result.add_class("k8s-editor-result")
        self.last: tuple[str, bool] | None = None
        super().__init__([W.HBox([self.save_button]), self.textarea, self.result])
        self.add_class("k8s-editor")

    def save(self) -> tuple[str, bool]:
        """Apply the text; returns (kubectl's words, whether the edit was applied)."""
        message, ok = self._save(self.textarea.value)
        self.last = (message, ok)
        colour = "#2e7d32" if ok else "#c62828"
        self.result.value = f"<div style='color:{colour}'>{pre_html(message, 'k8s-editor-output')}</div>"
        flush()
        return message, ok


def open_live_editor(title: str, text: str, save) -> LiveEditor:
    """The hook ``kubectl edit`` calls in a notebook: show a :class:`LiveEditor`."""
    from IPython.display import display
    editor = LiveEditor(title, text, save)
    display(editor)
    return editor
