"""Reminders to boards that stall, and the coordinators' weekly digest, queued in the outbox."""
