"""The verifier's routers: challenges, VC-API verification, the employer's page."""
