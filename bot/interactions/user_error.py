"""Errors every part of Kindred may raise on purpose (no discord import, so pure modules can).

How they reach the user is :mod:`bot.interactions.error_reporter`'s business.
"""


class UserFacingError(Exception):
    """An error whose message is a complete, friendly sentence for the user.

    Raise it (or a subclass) from any command, button or modal: the user sees the message
    ephemerally, nothing is changed, and nothing is logged above DEBUG.
    """
