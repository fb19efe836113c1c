"""Answers: Danish answers that quote the cited items word for word, and meeting briefs."""
