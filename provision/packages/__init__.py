"""Asterisk for stable Debian: Debian's own packaging rebuilt per release, shipped as a repo.

Neither Debian 12 nor 13 carries Asterisk. Tamas rebuilds sid's source package in a
clean root of the box's release (`build`), keeps the .debs as a small apt repository in
the installer's cache (`cache`, `repo`), and the pbx role ships that repository to the
box, pinned by origin, as FreePBX 17 and Wazo do with theirs. `bundle` carries it to a
site without internet.
"""
