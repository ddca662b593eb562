"""API tokens: generated once, stored as a hash, looked up by hash."""

import hashlib
import secrets

from jijiao.orgs.models import Account, ApiToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "jj_" + secrets.token_urlsafe(32)


def account_for_token(token: str) -> Account | None:
    found = (
        ApiToken.objects.select_related("account")
        .filter(key_hash=hash_token(token), revoked=False, account__is_active=True)
        .first()
    )
    return found.account if found else None
