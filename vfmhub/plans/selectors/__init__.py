"""Reads for plans, by sub-domain: the plan table and its filters (`tables`), officers' actions
(`actions`), peer reviews (`reviews`), and plans with the choices their forms offer (`plans`)."""
