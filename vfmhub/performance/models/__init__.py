"""Performance management: indicators and their values, the council plan, the finance position,
the integrated quarterly report."""

from vfmhub.performance.models.finance import *  # noqa: F403
from vfmhub.performance.models.indicators import *  # noqa: F403
from vfmhub.performance.models.plan import *  # noqa: F403
from vfmhub.performance.models.reports import *  # noqa: F403
