"""The domain: boards, schools, steps, agreements and progress. Plain Python and pydantic."""
