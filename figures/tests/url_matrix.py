"""Rows of the project's authorization matrix (core/tests/test_authorization.py)."""

# fmt: off
MATRIX = {
    #                                  coach manager admin analyst outsider anonymous security
    "figures:summary":                 (403,  200,    403,  403,    403,     "login"),
}
# fmt: on
