"""Efficiency programmes over the API, mounted at /api/v1/efficiency by `vfmhub/api`: one router
joining the programmes' endpoints, a body's gains register and its returns."""

from ninja import Router

from vfmhub.efficiency.api import gains, programmes, returns

router = Router(tags=["efficiency"])
for part in (programmes, gains, returns):
    router.add_router("", part.router)
