"""The client's address, as the login lock-out (and any rate limit) must see it.

Behind a TLS proxy every request comes from the proxy's address; the client's is in
`X-Forwarded-For`. That header is only believed when the request came from a proxy listed
in `TRUSTED_PROXIES`, and then read from the right: each trusted proxy appends the address
it received from, so the first untrusted address from the right is the client. Anything a
client wrote into the header itself sits further left and is ignored.

(A dozen lines rather than django-ipware: its proxy-count rules trust a header from any
address, which is the hole this closes.)
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES]


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a garbled header: fall back to the proxy, never to the text
    return remote
