"""The quotes layer's logic: who speaks in an article, and whose voices it carries.

- `rules`: candidate attributions from quotation marks, cue verbs, "according to", colons and dashes;
- `learned`: the logistic-regression filter over the broad candidates (trained on PolNeAR train);
- `extract`: the two together, and which cues count as speech, thought or writing;
- `speakers`, `discourse`, `gender`, `aliases`, `lexicon`: resolving each speaker mention to a voice;
- `attribution`: the layer over one Doc (records of attributions and voices) and `attribution_at`;
- `sourcing`: the article's sourcing summary and its plain statement.

The spaCy component is `spinscope.components.quotes`; the PolNeAR evaluation is `spinscope.evaluation.polnear`.
"""
