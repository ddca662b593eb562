app_name = "remote"
urlpatterns: list = []
