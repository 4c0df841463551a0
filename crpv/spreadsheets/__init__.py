"""Spreadsheet import and export for any model: the admin's screens, commands, open data.

- ``read``: a file's bytes → a Table (format, encoding and delimiter detected), or a French error,
  at a cost bounded by its limits;
- ``write``: a Sheet → CSV, CSV for Excel, XLSX, ODS, JSON or GeoJSON bytes;
- ``formulas``: text cells made inert for spreadsheets, and back;
- ``widgets``: how a cell is read into a model value and written back;
- ``resource``: ``SpreadsheetResource``, the base of a model's columns, and its export;
- ``importer``: every row checked, then all saved in bulk in one transaction, or nothing;
- ``pending``: where a previewed file waits for its confirmation (the database);
- ``schema``: the Table Schema of an open-data CSV;
- ``admin``: ``SpreadsheetAdminMixin``, the upload → preview → confirm and export screens.

A model plugs in with a resource (``centres/resources.py`` is the example) and the mixin.
"""
