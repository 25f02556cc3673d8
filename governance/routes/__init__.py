"""The governance service's routers, one per topic."""
