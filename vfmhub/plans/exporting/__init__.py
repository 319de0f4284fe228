"""Plans going out: the spreadsheet councils keep, which imports back (`spreadsheet`), the
committee report as PDF (`report`), and the CSV and XLSX downloads of the plan pages (`tables`)."""
