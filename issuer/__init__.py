"""The certification body's service: review, sign, anchor, deliver and revoke credentials."""
