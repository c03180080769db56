"""The data files (documents, rate plans, icons, styles, tables), installed as the package
``hems_resources``; app/resource_files.py finds them."""
