"""Reports: the notebooks' helpers, figures and the runner (the only layer that knows HTML and figures)."""
