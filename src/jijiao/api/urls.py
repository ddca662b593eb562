"""The ninja API at /api/v1/, one router per area; the OpenAPI document at /api/v1/openapi.json.

Session-authenticated calls are CSRF-checked by ninja's ``django_auth``; token calls are not
(they carry no cookie).
"""

from ninja import NinjaAPI

from jijiao.api import errors
from jijiao.api.orgs import router as orgs_router
from jijiao.api.precheck import router as precheck_router

api = NinjaAPI(
    title="继教 API",
    version="1",
    description="继续医学教育管理系统接口。集成方使用令牌认证（Authorization: Bearer …）。",
    urls_namespace="api",
    parser=errors.ChineseJsonParser(),
)
errors.install(api)
api.add_router("/", orgs_router)
api.add_router("/precheck", precheck_router)
api.add_router("/attendance", "jijiao.api.attendance.router")
api.add_router("/remote", "jijiao.api.remote.router")
