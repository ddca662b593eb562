"""Token authentication for integrations (``Authorization: Bearer <token>``).

Tokens are stored hashed; an API client acts as the account that owns the token, through the
same permission predicates as the pages.
"""

from ninja.security import HttpBearer, django_auth

from jijiao.orgs.tokens import account_for_token


class ApiToken(HttpBearer):
    def authenticate(self, request, token: str):
        account = account_for_token(token)
        if account is not None:
            request.user = account
        return account


token_or_session = [ApiToken(), django_auth]
