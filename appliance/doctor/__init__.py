"""The doctor: facts gathered once from a running appliance, then small checks over them,
each with pass/warn/fail, what was found, and what to do about it."""
