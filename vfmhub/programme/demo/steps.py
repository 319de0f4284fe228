"""Demo steps for the partnership programme, one module per part: importing them registers them."""

from vfmhub.programme.demo import events, funding, history, projects, risks  # noqa: F401
