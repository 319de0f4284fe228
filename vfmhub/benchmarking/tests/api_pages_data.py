"""Shared helpers for the organisation-scoped benchmarking API tests (`test_api_pages.py`,
`test_api_groups.py`): addresses, and a GET or a JSON POST as one of the personas."""

import json

from vfmhub.testing import client_for

BASE = "/api/v1/benchmarking"
JSON = "application/json"


def org_url(personas, rest: str, org=None) -> str:
    return f"{BASE}/organisations/{(org or personas.org_a).pk}/{rest}"


def get(personas, address: str, user: str = "viewer"):
    return client_for(personas.user(user)).get(address)


def send(personas, address: str, body: dict, user: str = "editor"):
    return client_for(personas.user(user)).post(address, json.dumps(body), content_type=JSON)
