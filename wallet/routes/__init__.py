"""One router per topic of the wallet service."""
