"""Benchmark readers and official scorers, one module per benchmark (PTC, PolNeAR, CheckThat!, PerSenT, NewsMTSC).

Evaluation sits above the pipeline: it builds pipelines and runs components over a corpus, so no runtime layer
package imports it.
"""
