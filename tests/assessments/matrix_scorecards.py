"""Permission-matrix rows for these pages (merged into tests/test_permission_matrix.py MATRIX).

Each row: URL name -> [Case(url=lambda world: ..., expect={role: status}, method=..., data=...)],
with the helpers of tests/matrix_support.py.
"""

ROWS: dict = {}
