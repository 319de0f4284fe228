"""A partnership's programme: funding and allocations, projects, risk registers, events."""

from vfmhub.programme.models.events import *  # noqa: F403
from vfmhub.programme.models.funding import *  # noqa: F403
from vfmhub.programme.models.projects import *  # noqa: F403
from vfmhub.programme.models.risks import *  # noqa: F403
