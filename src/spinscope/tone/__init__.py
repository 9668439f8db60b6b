"""The tone layer's logic: document tone and how a text portrays each actor.

`document`: GDELT-style document and sentence tone from VADER's lexicon; `targets`: the target-dependent classifier
(how a sentence portrays one mention in it) over the shared encoder's states; `actors`: one label per mention
sentence, per voice, aggregated by one stated rule, with its evidence; `filters`: which named entities are titles,
events, laws or awards rather than actors.
"""
