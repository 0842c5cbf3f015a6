"""``AKSPortalForm``: the lecture's "create a cluster through the portal", and the command it equals.

The Azure portal's *Create Kubernetes cluster* blade is a form over the same API the CLI calls.
This form asks for the same fields — resource group (or a new one), cluster name, region,
Kubernetes version, node size, node count, network configuration — and *Review + create* runs the
equivalent ``az`` command lines on the simulated subscription, then shows them with their output,
so students see that the portal and ``az aks create`` are one operation.

>>> from k8scourse.cloud import Azure
>>> form = AKSPortalForm(Azure(seed=0), name="myAKSCluster", group="myResourceGroup")
>>> form.commands()[-1]
'az aks create --resource-group myResourceGroup --name myAKSCluster --location eastus --kubernetes-version 1.32.4 --node-vm-size Standard_DS2_v2 --node-count 3 --network-plugin kubenet --generate-ssh-keys'
"""

from __future__ import annotations

import shlex

import ipywidgets as W

from .. import defaults
from ..i18n import t
from ._core import Target, esc, flush, pre_html, register

NETWORKS = {
    "kubenet": ["--network-plugin", "kubenet"],
    "azure": ["--network-plugin", "azure"],
    "azure-overlay": ["--network-plugin", "azure", "--network-plugin-mode", "overlay"],
}


def _regions() -> list[str]:
    from ..cloud.regions import REGIONS
    return [r["name"] for r in REGIONS]


def _sizes() -> list[str]:
    from ..node.vmsizes import VM_SIZES
    return sorted(s.name for s in VM_SIZES.values())


class AKSPortalForm(W.VBox):
    """A portal-like form that creates an AKS cluster with ``az aks create``."""

    def __init__(self, azure, name: str = "myAKSCluster", group: str = "myResourceGroup",
                 region: str = defaults.REGION, version: str = defaults.KUBERNETES_VERSION,
                 size: str = defaults.VM_SIZE, count: int = 3, network: str = "kubenet", new_group: bool = True):
        self.target = Target(azure)
        if self.target.kind != "azure":
            raise TypeError("AKSPortalForm needs an Azure subscription (from k8scourse.cloud import Azure)")
        style = {"description_width": "180px"}
        wide = W.Layout(width="460px")
        self.group = W.Text(value=group, description=t("portal.group"), style=style, layout=wide)
        self.new_group = W.Checkbox(value=new_group, description=t("portal.new_group"))
        self.name = W.Text(value=name, description=t("portal.name"), style=style, layout=wide)
        self.region = W.Dropdown(options=_regions(), value=region, description=t("portal.region"),
                                 style=style, layout=wide)
        self.version = W.Combobox(value=version, options=[defaults.KUBERNETES_VERSION], ensure_option=False,
                                  description=t("portal.version"), style=style, layout=wide)
        self.size = W.Dropdown(options=_sizes(), value=size, description=t("portal.size"), style=style, layout=wide)
        self.count = W.BoundedIntText(value=count, min=1, max=1000, description=t("portal.count"),
                                      style=style, layout=wide)
        self.network = W.Dropdown(options=list(NETWORKS), value=network, description=t("portal.network"),
                                  style=style, layout=wide)
        self.create_button = W.Button(description=t("portal.create"), button_style="primary",
                                      layout=W.Layout(width="180px"))
        self.create_button.add_class("k8s-portal-create")
        self.output = W.HTML()
        self.output.add_class("k8s-portal-output")
        self.create_button.on_click(lambda _b: self.create())
        self.ran: list[str] = []
        self.results: list = []
        super().__init__([W.HTML(f"<h3>{esc(t('portal.title'))}</h3>"), W.HBox([self.group, self.new_group]),
                          self.name, self.region, self.version, self.size, self.count, self.network,
                          self.create_button, self.output])
        self.add_class("k8s-portal")
        register(self)

    def commands(self) -> list[str]:
        """The az command lines *Review + create* runs, in order."""
        q = shlex.quote
        out = []
        if self.new_group.value:
            out.append(f"az group create --name {q(self.group.value)} --location {q(self.region.value)}")
        words = ["az", "aks", "create", "--resource-group", self.group.value, "--name", self.name.value,
                 "--location", self.region.value, "--kubernetes-version", self.version.value,
                 "--node-vm-size", self.size.value, "--node-count", str(self.count.value),
                 *NETWORKS[self.network.value], "--generate-ssh-keys"]
        out.append(" ".join(q(w) for w in words))
        return out

    def create(self) -> list:
        """Run the commands; show each with what az printed. Stops at the first failure."""
        self.ran, self.results = [], []
        for line in self.commands():
            result = self.target.az(line[3:] if line.startswith("az ") else line)
            self.ran.append(line)
            self.results.append(result)
            if result.exit_code:
                break
        shown = "".join(f"$ {line}\n{result}" for line, result in zip(self.ran, self.results))
        self.output.value = f"<b>{esc(t('portal.ran'))}</b>" + pre_html(shown, "k8s-portal-transcript")
        flush()
        return self.results

    def stale(self) -> bool:
        return False

    def refresh(self) -> "AKSPortalForm":
        return self

    def __repr__(self) -> str:
        state = "not created" if not self.results else f"ran {len(self.ran)} commands, exit {self.results[-1].exit_code}"
        return f"AKSPortalForm({self.group.value}/{self.name.value}, {self.region.value}, {state})"
