"""The SIPp scenarios of `tamas lab traffic` (shipped in the package, so the wheel carries them)."""
