"""The programme's API: one router joining each part's endpoints (mounted by `vfmhub/api`)."""

from ninja import Router

from vfmhub.programme.api import allocation, events, funding, projects, risks

router = Router(tags=["programme"])
for part in (funding, allocation, projects, risks, events):
    router.add_router("", part.router)
