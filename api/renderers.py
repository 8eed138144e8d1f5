"""The figures as CSV (`?format=csv` or `Accept: text/csv`), for Excel: the same rows
as the JSON, semicolon-separated like the product's other exports, formula-safe."""

from rest_framework.renderers import BaseRenderer

from core.exports import csv_text

COLUMNS = ["section", "table", "row", "column", "kind", "value", "text", "hidden"]


class FiguresCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows: list[list] = []
        if isinstance(data, dict) and "rows" in data:
            rows.append(COLUMNS)
            rows.extend([row.get(name) for name in COLUMNS] for row in data["rows"])
        elif isinstance(data, dict):  # an error: its message(s), one per line
            for name, value in (data.get("errors") or {"detail": [data.get("detail", "")]}).items():
                rows.extend(
                    [name, message] for message in (value if isinstance(value, list) else [value])
                )
        return csv_text(rows).encode(self.charset)
