"""The entities layer's logic: actors with one canonical name per document (`linking`)."""
