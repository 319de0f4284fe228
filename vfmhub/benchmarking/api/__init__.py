"""The benchmarking API: one router joining each part's endpoints (mounted by `vfmhub/api`)."""

from ninja import Router

from vfmhub.benchmarking.api import club, neighbours, partnership, reference
from vfmhub.benchmarking.api import groups as organisation_groups
from vfmhub.benchmarking.api import pages as organisation_pages

router = Router(tags=["benchmarking"])
for part in (reference, neighbours):
    router.add_router("", part.router)
router.add_router("", organisation_pages.router)
router.add_router("", organisation_groups.router)
router.add_router("", club.router)
router.add_router("", partnership.router)
