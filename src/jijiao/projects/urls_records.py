"""URLs of the office's records and imports (publication lists, history, person records)."""

urlpatterns: list = []
