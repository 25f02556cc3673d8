"""The employer's verifier: VC-API verification routes, challenges and a web page."""
