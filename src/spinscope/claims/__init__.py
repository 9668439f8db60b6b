"""Check-worthy claims, the layer's logic (the spaCy component `spinscope.components.claims` only reads the Doc,
calls these and writes the spans):

- `model`: the runtime check-worthiness classifier (int8 ONNX on the techniques encoder's trunk; no torch);
- `candidates`: which stretches of a sentence are scored; `kinds`: statistic, causal, comparison, event, quoted;
- `quantities`: numbers, money, percentages, dates, periods and durations normalised (offsets exact);
  `count_nouns`: what a count counts, from the parse; `display`: a quantity in words for reports;
- `actors`: the entities a claim involves; `attribution`: the quotation a claim lies in;
- `ranking`: the few claims to check first.

The CheckThat!/ClaimBuster readers and measures are evaluation code: `spinscope.evaluation.checkthat`."""
