"""The figures as CSV (`?format=csv` or `Accept: text/csv`), for Excel: the same rows
as the JSON, semicolon-separated like the product's other exports, formula-safe."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from core.exports import safe_row

COLUMNS = ["section", "table", "row", "column", "kind", "value", "text", "hidden"]


class FiguresCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        out.write("\ufeff")  # so that spreadsheet programs read the Swedish letters
        writer = csv.writer(out, delimiter=";")
        if isinstance(data, dict) and "rows" in data:
            writer.writerow(COLUMNS)
            writer.writerows(safe_row(row.get(name) for name in COLUMNS) for row in data["rows"])
        elif isinstance(data, dict):  # an error: its message(s), one per line
            for name, value in (data.get("errors") or {"detail": [data.get("detail", "")]}).items():
                for message in value if isinstance(value, list) else [value]:
                    writer.writerow(safe_row([name, message]))
        return out.getvalue().encode(self.charset)
