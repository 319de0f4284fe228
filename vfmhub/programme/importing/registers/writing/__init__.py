"""Writing what the risk and project imports change, in bulk, as the services would write it one
row at a time (see `bulk.py`)."""
