app_name = "hosting"
urlpatterns: list = []
