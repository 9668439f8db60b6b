"""Training of the entity-level tone classifier (PerSenT dev only; random_test is for reporting)."""
