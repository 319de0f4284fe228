"""Reads of the assessments app, by sub-domain: assessments, comparisons over years, and the
partnership dashboard (`dashboard` reads; `distribution`, `target_progress` and
`member_scores` count in memory)."""
