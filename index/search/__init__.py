"""Search: Danish text analysis, the one interpretation of a question, and retrieval of ranked agenda items."""
