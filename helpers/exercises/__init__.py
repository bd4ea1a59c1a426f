"""Lesson-specific answer checks, one module per lesson (built on :mod:`helpers.checks`)."""
