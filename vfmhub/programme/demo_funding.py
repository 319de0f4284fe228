"""Demo steps for the programme's funding (registered through demo_steps.py)."""
