"""Persuasion-technique model training (SemEval-2020 Task 11 / PTC): data, model, train loop, export, eval."""
