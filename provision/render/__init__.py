"""Rendering: profile + secrets + site -> every config file, from templates/."""

from provision.render.site import Site, site_for
from provision.render.tree import RenderInput, render_all, write_tree

__all__ = ["RenderInput", "Site", "render_all", "site_for", "write_tree"]
