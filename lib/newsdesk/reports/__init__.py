"""Reports: the notebooks' helpers (tables, figures, article pages) and the runner."""
