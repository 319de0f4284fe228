from ninja import Router

from vfmhub.programme import api_allocation, api_events, api_funding, api_projects, api_risks

router = Router(tags=["programme"])
router.add_router("", api_funding.router)
router.add_router("", api_allocation.router)
router.add_router("", api_projects.router)
router.add_router("", api_risks.router)
router.add_router("", api_events.router)
