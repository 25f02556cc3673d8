"""The governance service: consortium members propose, approve and publish with their own keys."""
