"""Regenerate the README's list of resources and columns from schemas/.

Usage: python scripts/update_readme.py
"""

from parley.tools.docs import update_readme

if __name__ == "__main__":
    changed = update_readme()
    print("README.md updated" if changed else "README.md already up to date")
