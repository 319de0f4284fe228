"""Who a signed-in person is across the whole site, before any organisation comes into it."""


def is_site_staff(user) -> bool:
    """Site staff (a superuser) read and manage everything; an anonymous visitor never is."""
    return bool(user.is_authenticated and user.is_superuser)
