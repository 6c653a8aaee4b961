"""The knowledge base for staff's free questions: its entries, and matching a question to them."""
