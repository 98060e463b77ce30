"""The pipeline: runs the stages over a corpus and writes the tables (the only layer with DataFrames)."""
