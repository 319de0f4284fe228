"""The efficiency pages, split by sub-domain (see `urls.py`)."""
