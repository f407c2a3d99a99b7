"""Every path the project reads or writes by default, in one place and with no parley imports.

The layout is written out here, one folder or file a line, rather than
worked out by each module from where it happens to live: to move a folder,
change its line. Everything hangs off `PROJECT_ROOT`, the checkout (the
folder holding `pyproject.toml`); commands take other paths as arguments.

>>> SEEDS_DIR.relative_to(PROJECT_ROOT).as_posix(), DATAPACKAGE.name
('seeds', 'datapackage.json')
"""

from __future__ import annotations

from pathlib import Path

# The checkout: parley/ is installed in place (`pip install -e .`), one level below it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Inputs
SEEDS_DIR = PROJECT_ROOT / "seeds"  # the articles `parley build` reads by default
REFERENCE_DIR = PROJECT_ROOT / "reference"  # curated reference data (*.json)
PACKAGE_METADATA = REFERENCE_DIR / "package.json"  # title, licences, sources of the package
CURATED_PEOPLE = REFERENCE_DIR / "people.json"  # the list `people.curated` refers to
SCHEMAS_DIR = PROJECT_ROOT / "schemas"  # the Table Schema of every resource
EXPORT_SCHEMAS_DIR = SCHEMAS_DIR / "exports"  # PLOVER and CAMEO export formats
PROFILES_DIR = PROJECT_ROOT / "profiles"  # the Data Package v2 profiles (offline copies)
DOCS_DIR = PROJECT_ROOT / "docs"
GOLD_SCHEMA = DOCS_DIR / "gold.schema.json"  # the gold annotation format (`parley eval`)
GOLD_PEOPLE_SCHEMA = DOCS_DIR / "gold-people.schema.json"
README = PROJECT_ROOT / "README.md"
ANNOTATION_GUIDE = DOCS_DIR / "annotation-guide.md"  # shipped in the release zip
QUALITY_DOC = DOCS_DIR / "quality.md"  # extraction quality figures, linked from the Data page
# The Datasette site: templates, plugins (one concern a file), static files, canned queries.
SITE_DIR = PROJECT_ROOT / "parley" / "datasette"

# Outputs
DATA_DIR = PROJECT_ROOT / "data"  # the committed package's CSV files
DATAPACKAGE = PROJECT_ROOT / "datapackage.json"  # its descriptor, beside data/
BUILD_DIR = PROJECT_ROOT / "build"  # what is never committed
DATABASE = BUILD_DIR / "parley.db"  # `parley db` and `parley serve`
UNKNOWN_PEOPLE_REPORT = BUILD_DIR / "unknown-people.csv"  # the project build's report
