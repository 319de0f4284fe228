"""Downloads of the assessments app: one assessment as a report, the pages' lists, the dashboard."""
