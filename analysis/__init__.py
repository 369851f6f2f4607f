"""Pure computations for tradedash: growth, windows, bounds, part-year nowcasts, scenarios.

Nothing here reads or writes files, and nothing imports ``data``, ``dashboard``, streamlit or
plotly: numbers and pandas/numpy objects go in, numbers, frames and dataclasses come out.
"""
