"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

# The extract: the participant's responsible coach and the unit's managers. Restriction:
# the unit's managers only.
# fmt: off
MATRIX = {
    #                              coach manager admin analyst outsider anonymous
    "dataprotection:extract":      (200,  200,    403,  403,    404,     "login"),
    "dataprotection:restriction":  (403,  200,    403,  403,    404,     "login"),
}
# fmt: on
