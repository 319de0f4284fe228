"""What leaves the efficiency pages: the lists and the dashboard's tables as CSV or XLSX
(`lists`, `dashboard`), the dashboard's chart (`chart`) and the programme report as PDF
(`report`)."""
