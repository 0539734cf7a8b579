"""The learned suggester: its training sentences, the model, and the cross-validation that measures it."""
