"""Reports: helpers for the notebooks (tables, figures, article pages, statistics) and the papermill runner; the only layer that knows HTML and figures."""
