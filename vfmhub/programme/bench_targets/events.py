"""`make bench` targets for improvement programmes: the list, the programme's events and figures
page (the demo partnership's first programme), and the API lists."""

from vfmhub.core.bench import Target

PARTNERSHIP = ("partnership",)

TARGETS = [
    Target("improvement programmes", "programme:improvement_programmes", PARTNERSHIP),
    Target(
        "improvement programme page (events and figures)",
        "programme:improvement_programme_latest",
        PARTNERSHIP,
    ),
    Target(
        "improvement programmes export (CSV)",
        "programme:improvement_programmes",
        PARTNERSHIP,
        query="export=csv",
    ),
    Target(
        "api improvement programmes",
        "/api/v1/programme/partnerships/{partnership}/improvement-programmes",
    ),
]
