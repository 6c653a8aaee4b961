"""Inbound authentication: Bot Framework channel tokens checked against cached OpenID signing keys.

bot.auth.inbound (PyJWT, cryptography) is imported only where a bot with an app id needs it, so
that a start-up in local mode does not pay for it.
"""
