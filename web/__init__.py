"""The learnpath web site and JSON API (Flask): see issue "web". Not built yet."""
