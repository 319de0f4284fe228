"""Demo steps for the partnership programme, one module per part."""

from vfmhub.programme import (  # noqa: F401
    demo_events,
    demo_funding,
    demo_history,
    demo_projects,
    demo_risks,
)
