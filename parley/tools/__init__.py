"""Tools beside the pipeline, each behind a command: `synth` (`parley synth`) and `docs`.

Nothing in the per-article stages or the build imports them.
"""
