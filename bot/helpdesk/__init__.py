"""Questions the knowledge base could not answer, handed to a person; and feedback on answers."""
