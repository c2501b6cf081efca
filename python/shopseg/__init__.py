"""Tooling for the shop_segments dbt project."""
