"""The product's content files: the shipped questionnaires as TOML, and `questionnaires.py` reading them."""
