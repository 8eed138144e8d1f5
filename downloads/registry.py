"""The kinds of background export, registered by the apps that know how to write them
(the figures app registers the row-level data set), so that this app imports none of
them (ADR 0019)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Writer:
    # The rows the file will have, for the progress bar.
    total: Callable[[dict], int]
    # Writes the file to a path; calls progress(rows_done) now and then; returns the rows.
    write: Callable[..., int]
    extension: str
    content_type: str


WRITERS: dict[str, Writer] = {}


def register(kind: str, writer: Writer) -> None:
    WRITERS[kind] = writer
