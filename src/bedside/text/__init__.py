"""Text utilities shared by readers and later stages (sentence splitting)."""
