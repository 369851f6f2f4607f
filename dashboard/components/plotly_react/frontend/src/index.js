// A plotly figure redrawn in place: the first render draws it, every later one calls
// Plotly.react on the same element, which diffs data and layout instead of drawing a new
// plot. `layout.uirevision` keeps the user's zoom and legend clicks across updates.
//
// Optionally, number cards above the chart, and frames: the figure and cards of the
// years next to the one shown, sent ahead. With `follow` (a widget's key), the component
// watches that slider in the page and, when it moves to a year it holds, shows that year
// at once; the app's rerun then follows with the same year (and the next frames).
//
// Streamlit's components v1 protocol, by hand: tell the app we are ready, receive
// "streamlit:render" messages ({args, theme}), report our height.
import Plotly from "plotly.js-dist-min";

const gd = document.getElementById("chart");
const cardsBox = document.getElementById("cards");
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
let theme = null;
let frames = {}; // year -> {spec, cards}, the shown year's included
let follow = null; // the key of the slider followed, or null
let shown = { spec: null, cards: null, uirevision: null };
let options = { uirevision: "", height: 450, filename: "newplot" };

function draw(spec) {
  const fig = JSON.parse(spec);
  const layout = Object.assign({}, fig.layout || {}, {
    template: template(theme),
    autosize: true,
    uirevision: options.uirevision,
  });
  layout.height = layout.height || options.height;
  delete layout.width; // the container's width, as st.plotly_chart's width="stretch"
  const config = Object.assign({ responsive: true, displaylogo: false }, fig.config || {});
  config.toImageButtonOptions = { filename: options.filename || "newplot" };
  Plotly.react(gd, fig.data || [], layout, config);
}

// One card as st.metric draws it: label (with its help behind a "?"), value, delta.
function card(c) {
  const el = document.createElement("div");
  el.className = "card";
  el.dataset.testid = "scenarioCard";
  const label = document.createElement("div");
  label.className = "label";
  label.dataset.testid = "scenarioCardLabel";
  label.textContent = c.label;
  if (c.help) {
    const q = document.createElement("span");
    q.className = "help";
    q.tabIndex = 0;
    q.setAttribute("role", "img");
    q.setAttribute("aria-label", c.help);
    q.textContent = "?";
    const tip = document.createElement("span");
    tip.className = "tip";
    tip.dataset.testid = "scenarioCardHelp";
    tip.textContent = c.help;
    q.appendChild(tip);
    // Kept on screen: shifted left or right by what would stand out of the frame.
    const place = () => {
      q.classList.add("open");
      tip.style.left = "-0.5rem";
      const r = tip.getBoundingClientRect();
      const over = r.right - (document.documentElement.clientWidth - 4);
      const shift = over > 0 ? Math.min(over, r.left - 4) : Math.min(0, r.left - 4);
      if (shift) tip.style.left = `calc(-0.5rem - ${shift}px)`;
    };
    q.addEventListener("mouseenter", place);
    q.addEventListener("focus", place);
    const close = () => q.classList.remove("open");
    q.addEventListener("mouseleave", close);
    q.addEventListener("blur", close);
    label.appendChild(q);
  }
  const value = document.createElement("div");
  value.className = "value";
  value.dataset.testid = "scenarioCardValue";
  value.textContent = c.value;
  el.append(label, value);
  if (c.delta) {
    const delta = document.createElement("div");
    delta.className = `delta ${c.color || "off"}`;
    delta.dataset.testid = "scenarioCardDelta";
    const arrow = c.arrow === "up" ? "↑ " : c.arrow === "down" ? "↓ " : "";
    delta.textContent = arrow + c.delta;
    el.appendChild(delta);
  }
  return el;
}

function drawCards(cards) {
  cardsBox.replaceChildren(...(cards || []).map(card));
  cardsBox.hidden = !(cards && cards.length);
}

function resize() {
  const h = Math.ceil(document.body.getBoundingClientRect().height);
  if (h !== height) {
    height = h;
    send("streamlit:setFrameHeight", { height });
  }
}

// Show one year's frame; a frame already shown is left alone (the rerun that follows a
// step in the browser sends the same year again).
function show(year) {
  const f = frames[year];
  if (!f) return false;
  if (f.cards !== shown.cards) drawCards(JSON.parse(f.cards || "[]"));
  if (f.spec !== shown.spec || options.uirevision !== shown.uirevision) draw(f.spec);
  shown = { spec: f.spec, cards: f.cards, uirevision: options.uirevision };
  resize();
  return true;
}

// The year the followed slider shows now (it moves before the app hears of it): its
// range input's value, whose aria-valuetext changes with each step.
function sliderYear() {
  if (!follow) return null;
  try {
    const thumb = window.parent.document.querySelector(
      `.st-key-${CSS.escape(follow)} input[type="range"]`,
    );
    const v = thumb && Number(thumb.value);
    return Number.isFinite(v) ? v : null;
  } catch (e) {
    return null; // another origin: the app's reruns alone move the chart
  }
}

// The app's own fonts (its @font-face rules, their files resolved against the page), so
// that the cards read in the same type as st.metric's. Another origin: the fallbacks.
let fontsCopied = false;
function copyFonts() {
  if (fontsCopied) return;
  fontsCopied = true;
  const rules = [];
  try {
    for (const sheet of window.parent.document.styleSheets) {
      let list;
      try {
        list = sheet.cssRules;
      } catch (e) {
        continue; // a sheet of another origin
      }
      const base = sheet.href || window.parent.location.href;
      for (const rule of list) {
        if (rule.type !== CSSRule.FONT_FACE_RULE) continue;
        rules.push(
          rule.cssText.replace(/url\(["']?([^"')]+)["']?\)/g, (m, u) => `url("${new URL(u, base)}")`),
        );
      }
    }
  } catch (e) {
    return;
  }
  const style = document.createElement("style");
  style.textContent = rules.join("\n");
  document.head.appendChild(style);
}

// The cards' colours: the app's theme, as st.metric's.
function themeCards(t) {
  const text = (t && t.textColor) || "#31333F";
  const root = document.documentElement.style;
  root.setProperty("--text", text);
  // The help's box: the page's background on a light theme, a step off it on a dark one.
  const dark = t && t.base === "dark";
  root.setProperty(
    "--bg",
    (t && (dark ? t.secondaryBackgroundColor : t.backgroundColor)) || "#FFFFFF",
  );
  root.setProperty("--pill", faded(text, 0.08));
  root.setProperty("--border", faded(text, 0.2));
  root.setProperty("--muted", faded(text, 0.6));
  if (t && t.font) document.body.style.fontFamily = t.font;
}

function render(args, newTheme) {
  theme = newTheme;
  copyFonts();
  themeCards(theme);
  options = {
    uirevision: args.uirevision,
    height: args.height,
    filename: args.filename,
  };
  frames = args.frames ? JSON.parse(args.frames) : {};
  const selected = args.selected != null ? String(args.selected) : "";
  frames[selected] = { spec: args.spec, cards: args.cards || "" };
  follow = args.follow || null;
  watch();
  // A slider already further on than this rerun (steps faster than the app): its year, if
  // held; else the rerun's own.
  const now = sliderYear();
  if (!(now != null && String(now) !== selected && show(String(now)))) show(selected);
}

let watching = false;
function watch() {
  if (!follow || watching) return;
  let doc;
  try {
    doc = window.parent.document;
  } catch (e) {
    return;
  }
  watching = true;
  new MutationObserver((records) => {
    for (const r of records) {
      const t = r.target;
      if (t.type === "range" && t.closest && t.closest(`.st-key-${CSS.escape(follow)}`)) {
        show(String(Number(t.value)));
      }
    }
  }).observe(doc.body, {
    attributes: true,
    attributeFilter: ["aria-valuetext", "aria-valuenow", "value"],
    subtree: true,
  });
}

new ResizeObserver(resize).observe(document.body);

window.addEventListener("message", (event) => {
  const msg = event.data;
  if (msg && msg.type === "streamlit:render") render(msg.args, msg.theme);
});
send("streamlit:componentReady", { apiVersion: 1 });
