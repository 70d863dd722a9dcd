"""The language-free result the score stage makes and only the renderers turn into words:
one project's ``assessment`` with its ``evidence``, and a ``portfolio`` of many (batch)."""
