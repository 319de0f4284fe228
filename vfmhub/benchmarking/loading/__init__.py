"""Readers of the public reference files: each turns one file, exactly as published, into a
`ReferenceFile` (areas, measures, values, and every row accounted for) for
`services.reference.reference_file_load` to write."""
