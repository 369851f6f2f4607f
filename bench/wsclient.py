"""A minimal Streamlit client: the browser's websocket protocol without the browser.

It speaks what the frontend speaks on ``/_stcore/stream``: it sends a ``BackMsg`` whose
``rerun_script`` is a ``ClientState`` (query string, page name, widget states) and reads
``ForwardMsg``s until ``script_finished``. It renders nothing, so a rerun measured here
is the server's cost (script, serialisation, transport), not the browser's.

Widget ids are learned from the first run's deltas (the element protos carry them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.components.plotly_react import cards_of

WIDGET_TYPES = ("slider", "number_input", "text_input", "selectbox")


@dataclass
class RunOutcome:
    seconds: float
    status: int  # ForwardMsg.script_finished: 0 = finished successfully
    # st.metric label → value; and the cards the chart component draws (the scenario page's)
    metrics: dict[str, str] = field(default_factory=dict)
    deltas: int = 0
    exceptions: int = 0  # st.exception elements: a script error shown to the user


class Session:
    """One websocket session against one page, driven by widget changes."""

    def __init__(self, base: str, page: str, query: str) -> None:
        self.url = base.replace("http://", "ws://") + "/_stcore/stream"
        self.page = page
        self.query = query
        self.widget_ids: dict[str, str] = {}  # user key → widget id
        self._ws: websockets.ClientConnection | None = None

    async def __aenter__(self) -> Session:
        # No Origin header, as a non-browser client: Streamlit accepts it (no auth here).
        self._ws = await websockets.connect(
            self.url, subprotocols=[websockets.Subprotocol("streamlit")], max_size=None
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def rerun(self, slider: dict[str, float] | None = None) -> RunOutcome:
        """One rerun with the given slider values (by user key); timed to script end."""
        assert self._ws is not None
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        for key, value in (slider or {}).items():
            w = state.widget_states.widgets.add()
            w.id = self.widget_ids[key]
            w.double_array_value.data.append(value)
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        out = RunOutcome(0.0, -1)
        while True:
            raw = await self._ws.recv()
            fm = ForwardMsg()
            fm.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            kind = fm.WhichOneof("type")
            if kind == "delta":
                out.deltas += 1
                self._learn(fm)
                el = fm.delta.new_element
                if el.WhichOneof("type") == "metric":
                    out.metrics[el.metric.label] = el.metric.body
                elif el.WhichOneof("type") == "component_instance":
                    for card in cards_of(el.component_instance.json_args):
                        out.metrics[card["label"]] = card["value"]
                elif el.WhichOneof("type") == "exception":
                    out.exceptions += 1
            elif kind == "script_finished":
                out.seconds = time.perf_counter() - start
                out.status = int(fm.script_finished)
                return out

    def _learn(self, fm: ForwardMsg) -> None:
        el = fm.delta.new_element
        kind = el.WhichOneof("type")
        if kind in WIDGET_TYPES:
            wid = str(getattr(el, kind).id)
            self.widget_ids.setdefault(wid.rsplit("-", 1)[-1], wid)
