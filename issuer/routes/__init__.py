"""The issuer's routers, one per topic."""
