"""Helpers for slash commands, buttons and forms: base views, checks, option types,
user-facing errors and how they are reported, and cleaning what members type."""
