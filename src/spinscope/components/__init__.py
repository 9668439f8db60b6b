"""spaCy pipeline components, one thin module per analysis layer, registered as `spinscope/<layer>`.

Each component reads the `Doc` (and span groups of the layers it builds on), calls its layer package, writes
`doc.spans["spinscope.<layer>"]` and/or `Doc._.spinscope_<layer>` and records that it ran, all through
`spinscope.docstate`. Its exporter (registered with `spinscope.analysis.exporter`) turns its part of the Doc
into the typed models of `spinscope.analysis`. `encoder` runs the shared transformer for the layers that read it.
"""
