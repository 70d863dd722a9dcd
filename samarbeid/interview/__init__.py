"""``assess``'s interview: the pure ``engine`` (steps, answers, back, skip), who answers
(``respondents``) and the ``session`` that asks in a terminal and saves after every answer."""
