"""Forms of the assessments app, by sub-domain."""
