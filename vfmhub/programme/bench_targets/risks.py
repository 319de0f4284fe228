"""The risk register pages and endpoints that `make bench` times (see bench/targets.py).

`partnership` is the home partnership, whose demo risk register (`register`) is shaped like seed
001's; `body_register` is the home body's corporate register on the 5 × 5 matrix.
"""

from vfmhub.core.bench import Target

TARGETS = [
    Target("programme risk registers", "programme:risk_registers", ("partnership",)),
    Target(
        "programme risk register (heat map, overdue, risks)",
        "programme:risk_register",
        ("partnership", "register"),
    ),
    Target(
        "body risk register (5 × 5)",
        "programme:organisation_risk_register",
        ("organisation", "body_register"),
    ),
    Target(
        "api programme register risks",
        "/api/v1/programme/partnerships/{partnership}/risk-registers/{register}/risks",
    ),
    Target(
        "api programme risk registers",
        "/api/v1/programme/partnerships/{partnership}/risk-registers",
    ),
]
