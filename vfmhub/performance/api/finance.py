"""The finance endpoints."""

from ninja import Router

router = Router()
