"""Entity-level tone: how a text portrays each actor (clauses naming it, own vs quoted voice, descriptors).

`actors` holds the feature extraction and the shipped classifier, used by the `spinscope/tone` component and by
`spinscope tone eval --persent FILE`; `encoder` embeds an actor's clauses (int8 ONNX MiniLM, loaded once);
`lexicon` adds news-framing words that VADER's lexicon lacks.
"""
