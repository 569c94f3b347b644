"""Discord-facing helpers shared by the cogs: error reporting, rendering, base views.

This is glue, like ``cogs/``, but code that more than one cog needs lives here so cogs never
reach into each other.
"""
