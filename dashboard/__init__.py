"""The Läget i länet web app: settings, read-only queries, status rules, figures and pages' building blocks."""
