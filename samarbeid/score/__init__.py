"""Score: a loaded submission to the language-free result (the pipeline's second stage).

``scoring`` scores the dimensions and evaluates the rubric's rules, ``compare`` sets an
assessment beside an earlier one, ``priorities`` chooses what to do first."""
