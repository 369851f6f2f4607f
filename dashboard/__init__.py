"""The Streamlit dashboard and the ``tradedash`` command line. Only this package imports
Streamlit, and only its pages, router and loaders do."""
