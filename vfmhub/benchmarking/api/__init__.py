"""The benchmarking API: one router joining each part's endpoints (mounted by `vfmhub/api`)."""

from ninja import Router

from vfmhub.benchmarking.api import neighbours, reference

router = Router(tags=["benchmarking"])
for part in (reference, neighbours):
    router.add_router("", part.router)
