"""The performance API: one router joining each part's endpoints (mounted by `vfmhub/api`)."""

from ninja import Router

from vfmhub.performance.api import finance, indicators, plan, reports

router = Router(tags=["performance"])
for part in (indicators, plan, finance, reports):
    router.add_router("", part.router)
