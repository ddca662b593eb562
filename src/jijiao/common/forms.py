"""Form helpers every area's views share."""

from jijiao.common.errors import DomainError


def form_error(form, error: DomainError) -> None:
    """Show a domain error next to its field when the form has that field, else on top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
