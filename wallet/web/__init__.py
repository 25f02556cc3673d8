"""The learner's web page, shipped as package data (no build step, no external assets)."""
