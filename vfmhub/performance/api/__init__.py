"""The performance API: one router joining each part's endpoints (mounted by `vfmhub/api`)."""

from ninja import Router

from vfmhub.performance.api import finance, indicators, library, plan, reports, scorecard

router = Router(tags=["performance"])
for part in (indicators, library, plan, finance, reports, scorecard):
    router.add_router("", part.router)
