"""What is due in the performance module, for the home page's "What is due" list: for each
organisation where the user is an editor or manager, the indicator values overdue (a period
before the one just ended, with no value) and those due (the period just ended), each linking
to "My indicators to update" for that organisation. Four queries whatever the data."""

import datetime
from collections import Counter

from django.urls import reverse

from vfmhub.core.worklist import DueWork
from vfmhub.performance.selectors.pages import indicators_due

GROUP = "Performance indicators"


def performance_due_work(user, today: datetime.date) -> list[DueWork]:
    if not user.is_authenticated:
        return []
    overdue: Counter[tuple[int, str]] = Counter()
    due: Counter[tuple[int, str]] = Counter()
    for row in indicators_due(user, today):
        (overdue if row.overdue else due)[(row.organisation_id, row.organisation_name)] += 1
    lines = []
    for org_id, name in sorted(set(overdue) | set(due), key=lambda key: (key[1], key[0])):
        url = f"{reverse('performance:due')}?organisation={org_id}"
        late, now = overdue[(org_id, name)], due[(org_id, name)]
        lines += [
            DueWork(GROUP, f"indicator {_values(late)} overdue: {name}", late, url, urgent=True),
            DueWork(GROUP, f"indicator {_values(now)} due: {name}", now, url),
        ]
    return lines


def _values(count: int) -> str:
    return "value" if count == 1 else "values"
