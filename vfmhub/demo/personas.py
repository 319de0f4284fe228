"""The fixed demo sign-ins: one person for every role, all with the one documented password."""

from dataclasses import dataclass

DEMO_DOMAIN = "demo.vfmhub.invalid"
# Every demo sign-in has this password. Demo data only: never on a real deployment.
DEMO_PASSWORD = "demo-password-2026"


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoAccount:
    key: str
    role: str
    email: str
    full_name: str


FIXED_ACCOUNTS = (
    DemoAccount("manager", "Organisation manager", demo_email("manager"), "Morwenna Hale"),
    DemoAccount("editor", "Organisation editor", demo_email("editor"), "Ezra Quill"),
    DemoAccount("viewer", "Organisation viewer", demo_email("viewer"), "Vida Trent"),
    DemoAccount("auditor", "Auditor", demo_email("auditor"), "Aurelio Penn"),
    DemoAccount(
        "partnership_manager",
        "Partnership manager",
        demo_email("partnership.manager"),
        "Priya Marlow",
    ),
    DemoAccount(
        "partnership_viewer", "Partnership viewer", demo_email("partnership.viewer"), "Pim Vance"
    ),
    DemoAccount("peer_reviewer", "Peer reviewer", demo_email("peer.reviewer"), "Rhiannon Peake"),
    DemoAccount("staff", "Staff (superuser)", demo_email("staff"), "Sol Stafford"),
)
ACCOUNT = {account.key: account for account in FIXED_ACCOUNTS}
