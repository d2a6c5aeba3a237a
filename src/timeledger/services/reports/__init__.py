"""Reports: summary, detailed, weekly, payroll and billing, aggregated in SQL, and their exports."""
