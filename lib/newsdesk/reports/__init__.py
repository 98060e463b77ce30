"""Reports: helpers the notebooks call, and the papermill runner (the only layer with HTML and figures)."""
