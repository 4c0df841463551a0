"""Table Schemas of the open data's CSV files (specs.frictionlessdata.io/table-schema).

Codes are strings, so that their leading zeros survive; lists are text, their separator said
in the description (``LIST``).
"""

LIST = " (une liste\u00a0: éléments séparés par une virgule et une espace)"


def table_schema(descriptions, types, primary_key):
    """Return a Table Schema (a dict, JSON-ready).

    ``descriptions``: {column name: French description}, in the file's order; ``types``:
    {column name: extra properties} (``type``, ``format``, ``constraints``… and
    ``description_suffix``, added to the description), a string otherwise; ``primary_key``:
    the list of the columns that identify a row. Empty cells are missing values.
    """
    fields = []
    for name, description in descriptions.items():
        extra = dict(types.get(name, {}))
        description += extra.pop("description_suffix", "")
        fields.append({"name": name, "type": "string", "description": description, **extra})
    return {"fields": fields, "primaryKey": list(primary_key), "missingValues": [""]}
