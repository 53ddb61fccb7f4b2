"""The web pages: server-rendered HTML over the registry."""
