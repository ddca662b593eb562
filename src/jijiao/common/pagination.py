"""One page of a list, by the ``page`` query parameter."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
