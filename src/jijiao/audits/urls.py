app_name = "audits"
urlpatterns: list = []
