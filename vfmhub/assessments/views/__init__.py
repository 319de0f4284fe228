"""Assessment pages, split by sub-domain: the assessments, their workflow steps, criteria, theme
scores, findings, comparisons, downloads, and the partnership dashboard with its score targets."""
