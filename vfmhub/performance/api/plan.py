"""The plan endpoints."""

from ninja import Router

router = Router()
