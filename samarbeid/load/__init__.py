"""Load: answer files from disk to validated models (the pipeline's first stage).

``answers`` reads a file with :mod:`samarbeid.parse`, checks it against the rubric and merges
a project's files into one submission; ``discover`` finds the answer files in folders."""
