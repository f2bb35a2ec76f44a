"""Importers: read CSV/XLSX files, validate everything, then load in one snapshot swap."""

from bmsdata.importers.errors import ImportIssue, ImportValidationError
from bmsdata.importers.loader import KINDS, ImportReport, import_files

__all__ = ["KINDS", "ImportIssue", "ImportReport", "ImportValidationError", "import_files"]
