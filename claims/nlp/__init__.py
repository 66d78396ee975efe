"""OnRecord's claim extractor: spaCy components and plain functions. Never imports Django."""
