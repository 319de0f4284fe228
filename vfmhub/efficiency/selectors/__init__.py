"""Reads for the efficiency pages and API, split by sub-domain: `programmes`, `bodies` (a body's
page and set-up), `gains` (the register), `returns`, and the partnership's `dashboard`. A page
and its endpoint call the same function for the same list and filter."""
