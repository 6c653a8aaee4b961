"""ECK iD wegwijzer: a Teams bot that guides school boards through taking the ECK iD into use."""
