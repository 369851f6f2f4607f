"""What each page shows, shaped from reconciled series and observations: display frames,
cards and summaries, one module per page (``cards`` is shared by Overview and Rail).
Pure, no Streamlit and no file system. Values stay in base units in the numeric columns;
formatted columns are for reading."""
