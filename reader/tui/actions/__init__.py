"""Key actions mixed into the screens that write: undo/redo (article and review), suggestions, Related, others'
commits."""
