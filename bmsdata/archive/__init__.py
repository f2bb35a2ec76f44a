"""Archive snapshots (`bms snapshot`): a dashboard run headless, saved as one static HTML file."""
