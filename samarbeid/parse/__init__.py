"""Parse: text to positioned documents and problems, shared by the rubric and the answer files.

``yamlread`` is the safe YAML reader with every limit (size, nodes, depth, no tags or
aliases) that keeps each node's line and column; ``validation`` turns pydantic's complaints
about a document into positioned problems in the user's words."""
