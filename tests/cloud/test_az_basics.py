"""The az front end: argument errors, output formats, --query, resource groups."""

from __future__ import annotations

import json

import pytest

from k8scourse.cloud import Azure


@pytest.fixture
def az():
    a = Azure(seed=0)
    return lambda cmd: a(cmd, echo=False)


def test_group_lifecycle_and_formats(az):
    created = json.loads(az("group create -n myResourceGroup -l eastus"))
    assert created["name"] == "myResourceGroup" and created["location"] == "eastus"
    assert created["properties"] == {"provisioningState": "Succeeded"}
    assert az("group exists -n myresourcegroup") == "true\n"          # names are case-insensitive
    assert az("group list -o table") == ("Location    Name\n----------  ---------------\n"
                                         "eastus      myResourceGroup\n")
    assert az("group list --query [].name -o tsv") == "myResourceGroup\n"
    assert az("group show -n myResourceGroup --query location -o tsv") == "eastus\n"
    assert az("group show -n myResourceGroup -o yaml").startswith("id: /subscriptions/")
    assert az("group delete -n myResourceGroup --yes") == " - Running ..\n"
    assert az("group exists -n myResourceGroup") == "false\n"


def test_argument_errors_use_the_cli_form(az):
    r = az("group create -n rg")
    assert r.exit_code == 2
    assert r.stderr.startswith("ERROR: the following arguments are required: --location/-l\n\n"
                               "Examples from command's help:\naz group create -l westus -n MyResourceGroup\n")
    assert r.stderr.endswith("https://aka.ms/cli_ref\nRead more about the command in reference docs\n")
    r = az("group create -n rg -l eastus --bogus 1")
    assert r.exit_code == 2 and r.stderr.startswith("ERROR: unrecognized arguments: --bogus 1\n")
    r = az("group create -n rg -l eastus -o fancy")
    assert r.exit_code == 2 and r.stderr.startswith(
        "ERROR: az group create: 'fancy' is not a valid value for '--output'. Allowed values: json, jsonc, yaml, "
        "yamlc, table, tsv, none.\n")
    assert az("group create -n rg -l eastus") .exit_code == 0


def test_missing_resources_and_unknown_commands(az):
    r = az("group show -n nope")
    assert (r.exit_code, r.stderr) == (3, "ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found.\n"
                                          "Code: ResourceGroupNotFound\n"
                                          "Message: Resource group 'nope' could not be found.\n")
    r = az("frobnicate")
    assert r.exit_code == 2 and r.stderr == ("ERROR: 'frobnicate' is misspelled or not recognized by the system.\n\n"
                                             "https://aka.ms/cli_ref\nRead more about the command in reference docs\n")
    r = az("group create -n rg -l atlantis")
    assert r.exit_code == 1 and "(LocationNotAvailableForResourceGroup)" in r.stderr
    assert "Command\n    az group create : Create a new resource group." in az("group create --help")
