"""Inbound authentication: Bot Framework channel tokens checked against cached OpenID signing keys."""

from bot.auth.errors import AuthenticationError, KeysUnavailable
from bot.auth.inbound import InboundAuthenticator

__all__ = ["AuthenticationError", "InboundAuthenticator", "KeysUnavailable"]
