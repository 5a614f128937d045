"""The `tamas` command line: a thin Typer layer over appliance/ and provision/."""
