"""Review: the rows leads adjudicate into gold, free of SQL and Textual."""
