"""The demo world: `manage.py seed_demo` and the builders behind it (no models of its own).

`content.py` holds the world's fixed content, `build.py` turns it into rows, `activity.py`
draws the believable answers and the commitment ledger, and `scale.py` the `--scale N`
benchmark data set.
"""
