"""gunicorn's logs without ID numbers.

gunicorn writes its access and error logs through its own ``logging`` handlers, not Django's, so
the masking filter of ``settings.LOGGING`` never saw them: a search by full ID number
(``/people/?q=…``, ``/api/v1/people?q=…``) put the number into the access log. ``jijiao serve``
starts gunicorn with :class:`MaskingLogger`, which masks every atom of an access line (request
line, query string, referer, headers) — also a number spread out by ``+``, ``%20`` or ``-`` —
and puts the same filter on both of gunicorn's loggers.
"""

import re
from urllib.parse import unquote_plus

from gunicorn.glogging import Logger

from jijiao.common.idnumbers import ID_PATTERN, MaskIdNumbersFilter, mask_id_numbers_in

# Pieces of a URL between its delimiters; a value is decoded and squeezed before it is checked.
_URL_PIECE = re.compile(r"[^&?=#;/\s\"']+")
_SPREAD = re.compile(r"[\s+\-.,_]")


def _mask_piece(match: re.Match) -> str:
    piece = match.group(0)
    if len(piece) < 18:
        return piece
    squeezed = _SPREAD.sub("", unquote_plus(piece))
    if ID_PATTERN.search(squeezed):
        return mask_id_numbers_in(squeezed)
    return piece


def mask_url_text(text: str) -> str:
    """``GET /people/?q=330302%2019900101%201234`` → ``GET /people/?q=330302********1234``."""
    if not isinstance(text, str) or len(text) < 18:
        return text
    return mask_id_numbers_in(_URL_PIECE.sub(_mask_piece, text))


class MaskingLogger(Logger):
    """gunicorn ``logger_class``: the access and error logs pass through the ID-number mask."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, MaskIdNumbersFilter) for f in log.filters):
                log.addFilter(MaskIdNumbersFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_url_text(value) for key, value in atoms.items()}
