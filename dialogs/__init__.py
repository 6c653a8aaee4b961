"""Conversation flows: thin layers that ask, interpret, call the domain and render cards."""
