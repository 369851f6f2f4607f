"""Plotly figures: pure ``(frame, options) -> go.Figure`` builders, one module per page,
no Streamlit. Tested by structure (trace names, x and y values), not by pixels."""
