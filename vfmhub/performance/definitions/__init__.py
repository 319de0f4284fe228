"""The national indicator definitions (YAML files in this folder) and their loader."""
