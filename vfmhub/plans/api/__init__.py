"""Improvement plans over the API, mounted at /api/v1/plans, with the pages' rules and permissions.

Plans are reached through `plans.access` (404 to those who may not see a plan, 403 to those who
lack the role), lists come from the app's selectors, writes go through its services, which
validate and audit. A change names the version it changes (428 without one); one that would
overwrite someone else's newer change answers 409 Conflict, as does adding a round's update that
someone has already given, or correcting an update already corrected. Plans are in `plans`, their
items in `items`, actions, rounds and updates in `actions`, peer reviews in `reviews`.
"""

from vfmhub.plans.api import actions, items, plans, reviews

# The plans' own router carries the rest: a route "" of a router mounted under it would be
# "/plans/", not "/plans".
router = plans.router
for part in (items, actions, reviews):
    router.add_router("", part.router)
