"""``kubectl edit`` with the notebook editor hook (what k8scourse.widgets registers): the engine shows
the text through the hook and applies what the hook saves."""

from __future__ import annotations

from k8scourse import Cluster
from k8scourse.cli.kubectl.edit import HEADER, set_notebook_editor


def _cluster():
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create configmap app --from-literal=colour=blue", echo=False)
    return c


def test_hook_gets_the_document_and_save_applies():
    shown = []
    set_notebook_editor(lambda title, text, save: shown.append((title, text, save)))
    try:
        c = _cluster()
        r = c.kubectl("edit cm/app", echo=False)
        assert (r.stdout, r.stderr, r.exit_code) == ("", "", 0)
        title, text, save = shown[0]
        assert title == "configmap/app" and text.startswith(HEADER) and "colour: blue" in text
        assert save(text) == ("Edit cancelled, no changes made.\n", True)
        assert save(text.replace("colour: blue", "colour: red")) == ("configmap/app edited\n", True)
        assert c.get("configmap", "app")["data"] == {"colour": "red"}
        assert save(text.replace("name: app", "name: other")) == \
            ("error: At least one of apiVersion, kind and name was changed\n", False)
        assert save("colour: [") == ('error: configmaps "app" is invalid\n', False)
    finally:
        set_notebook_editor(None)


def test_widget_registers_the_hook():
    from k8scourse.cli.kubectl import edit
    from k8scourse.widgets.editor import LiveEditor, open_live_editor
    c = _cluster()
    set_notebook_editor(open_live_editor)
    try:
        c.kubectl("edit cm/app", echo=False)
    finally:
        set_notebook_editor(None)
    assert not edit._NOTEBOOK_EDITOR
    seen = []
    w = LiveEditor("configmap/app", HEADER + "x", lambda text: seen.append(text) or ("configmap/app edited\n", True))
    w.textarea.value = "changed"
    assert w.save() == ("configmap/app edited\n", True) and seen == ["changed"]
    assert "configmap/app edited" in w.result.value
