"""Reports: jinja2 templates and renderers (meeting decks, result reports, minutes)."""
