"""The rubric: the questionnaire and the problems its answers can show, as checked data."""

from samarbeid.rubric.load import DEFAULT_RUBRIC, load_rubric

__all__ = ["DEFAULT_RUBRIC", "load_rubric"]
