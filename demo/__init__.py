"""The demo world: `manage.py seed_demo` and the builders behind it (no models of its own).

`content/` holds the world's fixed content as TOML with the readers that check it (the
questionnaires are product content, in `assessments/content/`); `build.py` turns it into rows,
`activity.py` draws the believable answers and the commitment ledger, and `scale.py` the
`--scale N` benchmark data set.
"""
