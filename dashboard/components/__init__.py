"""Streamlit custom components of the dashboard (their JavaScript lives beside them)."""
