"""The compiled Qt catalogues, installed as the package ``hems_translations``;
app/resource_files.py finds them."""
