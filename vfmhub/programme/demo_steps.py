"""Demo steps for the partnership programme, one module per part."""

from vfmhub.programme import demo_events, demo_funding, demo_projects, demo_risks  # noqa: F401
