"""Sending the outbox's direct messages through Discord, exactly once, paced, in the background."""
