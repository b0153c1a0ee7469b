"""Social Media Coach for Slack."""
