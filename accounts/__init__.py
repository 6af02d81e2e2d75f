"""Accounts: the signed-in user's API tokens, sign-out, and the client address behind a proxy."""
