"""Azure regions the simulated subscription offers (``az account list-locations``).

A small, dated subset of the public regions (name, display name, geography group); enough for the
lecture (``eastus``, ``westeurope``, ``koreacentral``…) and for ACR geo-replication exercises.

>>> region("KoreaCentral")["displayName"]
'Korea Central'
"""

from __future__ import annotations

REGIONS = [
    {"name": "eastus", "displayName": "East US", "regionalDisplayName": "(US) East US", "geography": "United States"},
    {"name": "eastus2", "displayName": "East US 2", "regionalDisplayName": "(US) East US 2", "geography": "United States"},
    {"name": "westus", "displayName": "West US", "regionalDisplayName": "(US) West US", "geography": "United States"},
    {"name": "westus2", "displayName": "West US 2", "regionalDisplayName": "(US) West US 2", "geography": "United States"},
    {"name": "centralus", "displayName": "Central US", "regionalDisplayName": "(US) Central US", "geography": "United States"},
    {"name": "northeurope", "displayName": "North Europe", "regionalDisplayName": "(Europe) North Europe", "geography": "Europe"},
    {"name": "westeurope", "displayName": "West Europe", "regionalDisplayName": "(Europe) West Europe", "geography": "Europe"},
    {"name": "uksouth", "displayName": "UK South", "regionalDisplayName": "(Europe) UK South", "geography": "United Kingdom"},
    {"name": "japaneast", "displayName": "Japan East", "regionalDisplayName": "(Asia Pacific) Japan East", "geography": "Japan"},
    {"name": "koreacentral", "displayName": "Korea Central", "regionalDisplayName": "(Asia Pacific) Korea Central", "geography": "Korea"},
    {"name": "koreasouth", "displayName": "Korea South", "regionalDisplayName": "(Asia Pacific) Korea South", "geography": "Korea"},
    {"name": "southeastasia", "displayName": "Southeast Asia", "regionalDisplayName": "(Asia Pacific) Southeast Asia", "geography": "Asia Pacific"},
    {"name": "australiaeast", "displayName": "Australia East", "regionalDisplayName": "(Asia Pacific) Australia East", "geography": "Australia"},
]
_BY_NAME = {r["name"]: r for r in REGIONS}


def region(name: str) -> dict | None:
    """A region by name; Azure accepts any case and spaces (``East US`` → ``eastus``)."""
    return _BY_NAME.get(name.replace(" ", "").lower())
