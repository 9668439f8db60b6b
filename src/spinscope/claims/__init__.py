"""Check-worthy claims: the runtime classifier (`model`), quantity and date normalisation (`quantities`),
the CheckThat!/ClaimBuster readers (`data`) and the official measures (`metrics`). No torch here."""
