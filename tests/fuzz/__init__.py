"""Property-based fuzzing of every importer through the public import path."""
