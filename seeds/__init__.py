"""Demo learners bundled with learnpath (YAML data; see README.md in this folder)."""
