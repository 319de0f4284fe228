"""The project pages and endpoints that `make bench` times (see bench/targets.py): the home
partnership's projects list and the API list."""

from vfmhub.core.bench import Target

TARGETS = [
    Target("programme projects", "programme:projects", ("partnership",)),
    Target("programme projects, amber", "programme:projects", ("partnership",), query="rag=A"),
    Target("api programme projects", "/api/v1/programme/partnerships/{partnership}/projects"),
]
