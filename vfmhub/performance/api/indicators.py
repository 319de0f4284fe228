"""The indicators endpoints."""

from ninja import Router

router = Router()
