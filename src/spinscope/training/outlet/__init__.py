"""Builds the outlet layer's shipped ratings table from the shared media-reliability datasets."""
