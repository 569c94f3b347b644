"""Pure product logic: places, dates, matching, slots.

Nothing here imports Discord or SQLAlchemy, and nothing reads the wall clock: a clock or a
"today" is always passed in, so every rule can be tested with plain values.
"""
