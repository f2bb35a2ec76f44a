"""View models that pages (ui) and reports both show: the scorecard context and its rows,
escaped HTML pieces, and the trend figure as plain plotly.js data. Below ui and reports, so
neither has to import the other."""
