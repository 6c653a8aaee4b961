"""Storage: one protocol, the SQL implementation, and migrations. Nothing here knows the Bot Framework."""
