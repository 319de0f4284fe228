"""Performance management: indicators, targets, RAG, direction of travel and the council plan."""
