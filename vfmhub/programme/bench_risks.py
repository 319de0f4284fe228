"""The risk register pages and endpoints that `make bench` times (see bench/targets.py).

`partnership` is the home partnership, whose demo risk register is shaped like seed 001's.
"""

from bench.targets import Target

TARGETS = [
    Target("programme risk registers", "programme:risk_registers", ("partnership",)),
    Target(
        "api programme risk registers",
        "/api/v1/programme/partnerships/{partnership}/risk-registers",
    ),
]
