"""claim-reader: a terminal reader for annotating claims in news articles."""
