"""Use cases over the database. No Discord here: callers pass ids, places and instants in, and
get plain results back. Every function takes its ``session`` as a keyword-only argument and
leaves committing to the caller's unit of work."""
