"""k8scourse.api.fields: field selector syntax, matching and the API server's field sets."""

import pytest

from k8scourse.api.fields import (
    FieldSelectorError, check_field_selector, escape_value, field_value, parse_field_selector,
    selectable_fields, unescape_value,
)

POD = {
    "metadata": {"name": "web-1", "namespace": "default"},
    "spec": {"nodeName": "node-1", "restartPolicy": "Always", "schedulerName": "default-scheduler",
             "serviceAccountName": "default"},
    "status": {"phase": "Running", "podIP": "10.244.1.5"},
}


def test_parse_and_string():
    sel = parse_field_selector("status.phase!=Running,metadata.name==web-1")
    assert str(sel) == "metadata.name=web-1,status.phase!=Running"
    assert sel.fields() == ["metadata.name", "status.phase"]
    assert parse_field_selector("").empty() and parse_field_selector("a=b,,").fields() == ["a"]


def test_matching_pods():
    fields = selectable_fields("Pod", POD)
    assert fields["spec.nodeName"] == "node-1"
    assert fields["spec.hostNetwork"] == "false"
    assert fields["status.nominatedNodeName"] == ""
    assert parse_field_selector("spec.nodeName=node-1,status.phase=Running").matches(fields)
    assert not parse_field_selector("status.phase!=Running").matches(fields)
    assert parse_field_selector("status.nominatedNodeName=").matches(fields)
    assert parse_field_selector("").matches(fields)


def test_escaping():
    assert escape_value("a,b=c\\") == "a\\,b\\=c\\\\"
    assert unescape_value("a\\,b\\=c\\\\") == "a,b=c\\"
    sel = parse_field_selector("metadata.name=a\\,b")
    assert sel.terms[0].value == "a,b" and str(sel) == "metadata.name=a\\,b"
    with pytest.raises(FieldSelectorError, match="invalid escape sequence: \\\\x"):
        parse_field_selector("metadata.name=a\\x")
    with pytest.raises(FieldSelectorError, match="unescaped character in value: 61$"):
        parse_field_selector("metadata.name=a=b")
    with pytest.raises(FieldSelectorError, match="^invalid selector: 'foo'; can't understand"):
        parse_field_selector("foo")


def test_supported_fields_per_kind():
    check_field_selector("Pod", parse_field_selector("spec.nodeName=n,metadata.namespace=x"))
    check_field_selector("Event", parse_field_selector("involvedObject.name=web,type=Warning"))
    check_field_selector("Node", parse_field_selector("spec.unschedulable=true"))
    check_field_selector("Deployment", parse_field_selector("metadata.name=web"))
    with pytest.raises(FieldSelectorError, match="^field label not supported: foo$"):
        check_field_selector("Pod", parse_field_selector("foo=bar"))
    with pytest.raises(FieldSelectorError, match="^field label not supported: metadata.namespace$"):
        check_field_selector("Namespace", parse_field_selector("metadata.namespace=x"))
    with pytest.raises(FieldSelectorError) as info:
        check_field_selector("Deployment", parse_field_selector("spec.replicas=3"))
    assert str(info.value) == ('"spec.replicas" is not a known field selector: only '
                               '"metadata.name", "metadata.namespace"')


def test_field_values_and_defaults():
    node = {"metadata": {"name": "n1"}, "spec": {"unschedulable": True}}
    assert selectable_fields("Node", node) == {"metadata.name": "n1", "spec.unschedulable": "true"}
    assert selectable_fields("ReplicaSet", {"metadata": {"name": "rs"}})["status.replicas"] == "0"
    assert selectable_fields("Job", {"status": {"successful": 2}})["status.successful"] == "2"
    event = {"metadata": {"name": "e"}, "reportingComponent": "kubelet", "type": "Normal"}
    assert selectable_fields("Event", event)["source"] == "kubelet"
    event["source"] = {"component": "default-scheduler"}
    assert selectable_fields("Event", event)["source"] == "default-scheduler"
    assert field_value(POD, "spec.nodeName") == "node-1"
    assert field_value(POD, "spec.missing.deeper") == ""
    assert selectable_fields("ConfigMap", {"metadata": {"name": "c"}}) == {
        "metadata.name": "c", "metadata.namespace": ""}
