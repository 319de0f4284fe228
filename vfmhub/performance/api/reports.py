"""The reports endpoints."""

from ninja import Router

router = Router()
