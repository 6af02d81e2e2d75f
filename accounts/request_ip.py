"""The client's address, for the lockout (django-axes) and the token endpoint's throttle.

Without a proxy in front (TRUSTED_PROXY_COUNT = 0) it is REMOTE_ADDR and X-Forwarded-For is
ignored: anyone can write that header. Behind N trusted proxies (DJANGO_BEHIND_PROXY with
DJANGO_TRUSTED_PROXY_COUNT = N), each proxy appends the address it saw to X-Forwarded-For, so
the client is the N-th entry from the right; whatever the client wrote in front is never read
(Django REST framework's NUM_PROXIES counts the same way). A header with fewer entries than
proxies, or an entry that is not an address, falls back to REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings


def _address(entry: str) -> str | None:
    """An IP address from one X-Forwarded-For entry ("1.2.3.4", "1.2.3.4:5678", "[2001:db8::1]:5678")."""
    entry = entry.strip()
    candidates = [entry]
    if entry.startswith("[") and "]" in entry:
        candidates.append(entry[1 : entry.index("]")])
    elif entry.count(":") == 1:
        candidates.append(entry.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    entries = [entry for entry in forwarded.split(",") if entry.strip()]
    if len(entries) < count:
        # fewer hops than proxies: the request did not come through them all, so nothing in it is trusted
        return remote
    return _address(entries[-count]) or remote
