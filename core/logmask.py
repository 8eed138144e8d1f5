"""Keeps invitation tokens (selfrating's /s/<token>/ links) out of every log line."""

import logging
import re

TOKEN_PATH = re.compile(r"/s/[^/\s\"']+")
MASK = "/s/[token]"


def mask(text: str) -> str:
    return TOKEN_PATH.sub(MASK, text)


class MaskTokensFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = mask(str(record.msg) % record.args)
            record.args = ()
        else:
            record.msg = mask(str(record.msg))
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = None  # Django's handlers would print the path again
        return True
