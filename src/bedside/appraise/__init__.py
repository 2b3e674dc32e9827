"""appraise stage."""
