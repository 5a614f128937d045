"""Talking to the office router over the RouterOS API (librouteros): connect, read, apply."""
