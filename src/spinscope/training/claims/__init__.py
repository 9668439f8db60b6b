"""Training and evaluation of the check-worthiness classifier (torch only here, never at run time)."""
