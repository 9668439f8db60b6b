"""PTC (Propaganda Techniques Corpus, SemEval-2020 Task 11) formats, official-style scorers and prediction."""
