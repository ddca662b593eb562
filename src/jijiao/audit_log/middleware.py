import ipaddress

from django.conf import settings

from jijiao.audit_log.context import current_address


def client_address(request) -> str | None:
    """The caller's address, as the login throttle and the audit log must see it.

    X-Forwarded-For is anyone's to write, so it counts only when the request comes from a proxy
    listed in ``JIJIAO_TRUSTED_PROXIES`` — none by default, not even loopback: any local process
    can connect from 127.0.0.1 — and then only its last hop: the address that proxy saw and
    appended. Earlier hops were written by the client and would let it pick an address.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _is_trusted_proxy(peer):
        return forwarded.split(",")[-1].strip() or peer
    return peer


def _is_trusted_proxy(address: str | None) -> bool:
    """An address of ``JIJIAO_TRUSTED_PROXIES`` (e.g. ``127.0.0.1`` for nginx on this machine,
    ``10.0.0.0/24`` for web nodes behind a balancer)."""
    if address is None:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXIES)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            current_address.reset(token)
