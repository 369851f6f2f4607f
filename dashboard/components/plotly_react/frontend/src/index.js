// A plotly figure redrawn in place: the first render draws it, every later one calls
// Plotly.react on the same element, which diffs data and layout instead of drawing a new
// plot. `layout.uirevision` keeps the user's zoom and legend clicks across updates.
//
// Streamlit's components v1 protocol, by hand: tell the app we are ready, receive
// "streamlit:render" messages ({args, theme}), report our height.
import Plotly from "plotly.js-dist-min";

const gd = document.getElementById("chart");
// The bench and the browser tests read the chart from here, as they do for st.plotly_chart.
window.Plotly = Plotly;

function send(type, extra) {
  window.parent.postMessage({ isStreamlitMessage: true, type, ...extra }, "*");
}

// "#rrggbb" (or "#rgb") at an opacity, as plotly wants its colours.
function faded(hex, alpha) {
  let h = String(hex || "").replace("#", "");
  if (h.length === 3) h = h.split("").map((c) => c + c).join("");
  if (!/^[0-9a-fA-F]{6}$/.test(h)) return `rgba(128,128,128,${alpha})`;
  const n = parseInt(h, 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

// The app's light or dark colours, as st.plotly_chart's "streamlit" theme gives them:
// transparent backgrounds, the theme's text colour and font, faint grid lines.
function template(theme) {
  const t = theme || {};
  const text = t.textColor || "#31333F";
  const axis = {
    gridcolor: faded(text, 0.12),
    linecolor: faded(text, 0.3),
    zerolinecolor: faded(text, 0.3),
    tickcolor: faded(text, 0.3),
    title: { font: { color: faded(text, 0.8) } },
  };
  return {
    layout: {
      font: { color: text, family: t.font || "Source Sans, sans-serif" },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      xaxis: axis,
      yaxis: axis,
      legend: { font: { color: text } },
      hoverlabel: {
        bgcolor: t.secondaryBackgroundColor || "#F0F2F6",
        bordercolor: faded(text, 0.2),
        font: { color: text },
      },
      modebar: {
        bgcolor: "rgba(0,0,0,0)",
        color: faded(text, 0.5),
        activecolor: text,
      },
    },
  };
}

let height = null;

function render(args, theme) {
  const fig = JSON.parse(args.spec);
  const layout = Object.assign({}, fig.layout || {}, {
    template: template(theme),
    autosize: true,
    uirevision: args.uirevision,
  });
  layout.height = layout.height || args.height;
  delete layout.width; // the container's width, as st.plotly_chart's width="stretch"
  const config = Object.assign({ responsive: true, displaylogo: false }, fig.config || {});
  config.toImageButtonOptions = { filename: args.filename || "newplot" };
  Plotly.react(gd, fig.data || [], layout, config);
  if (layout.height !== height) {
    height = layout.height;
    send("streamlit:setFrameHeight", { height });
  }
}

window.addEventListener("message", (event) => {
  const msg = event.data;
  if (msg && msg.type === "streamlit:render") render(msg.args, msg.theme);
});
send("streamlit:componentReady", { apiVersion: 1 });
