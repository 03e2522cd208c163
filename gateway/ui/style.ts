/** The dashboard's stylesheet, served at /ui/assets/app.css. System fonts only: nothing is fetched from elsewhere. */
export const DASHBOARD_CSS = `
:root {
  --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --bg: #f5f7fa; --card: #fff;
  --accent: #c2185b; --accent-ink: #fff; --focus: #1565c0;
  --ok: #1b7f3b; --warn: #a15c00; --bad: #b3261e; --refused: #6a1b9a; --limited: #8d6e00;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: #a0134c; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 10; }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
  padding: .75rem clamp(1rem, 4vw, 2.5rem); background: #2b1030; color: #fff; }
.brand { color: #fff; font-weight: 700; text-decoration: none; font-size: 1.1rem; }
.brand span { font-weight: 400; opacity: .8; }
.sign-out { display: flex; gap: .75rem; align-items: center; margin: 0; font-size: .9rem; }
.sign-out .who { opacity: .85; }
.sign-out .link { color: #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem clamp(1rem, 4vw, 2.5rem) 3rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .75rem; }
.trail { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; padding: 0; margin: .5rem 0 0; font-size: .9rem; }
.trail li + li::before { content: "/"; margin-right: .25rem; color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1rem; }
.narrow { max-width: 30rem; }
.muted { color: var(--muted); }
.tabs { display: flex; flex-wrap: wrap; gap: .25rem; border-bottom: 2px solid var(--line); margin: 0 0 1rem; padding: 0; list-style: none; }
.tabs a { display: block; padding: .5rem 1rem; text-decoration: none; color: var(--ink); border-radius: 6px 6px 0 0; }
.tabs a[aria-current="page"] { background: var(--card); border: 2px solid var(--line); border-bottom-color: var(--card); margin-bottom: -2px; font-weight: 600; }
.table-wrap { overflow-x: auto; margin: 0 0 1.5rem; }
caption { text-align: left; padding: 0 0 .4rem; }
td code.id { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; background: var(--card); font-size: .92rem; }
th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { font-weight: 600; background: #eef1f6; overflow-wrap: normal; white-space: nowrap; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: .75rem 0; padding: .5rem 1rem .75rem; }
legend { font-weight: 600; padding: 0 .25rem; }
fieldset label { display: inline-flex; gap: .35rem; align-items: center; font-weight: 400; margin: .25rem 1rem .25rem 0; }
input[type=text], input[type=password], input[type=url], input[type=datetime-local], select, textarea {
  width: 100%; max-width: 32rem; padding: .5rem .6rem; border: 1px solid #9aa3b2; border-radius: 6px; font: inherit; background: #fff;
}
textarea { max-width: none; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
.hint { font-size: .85rem; color: var(--muted); margin: .2rem 0 0; }
.field-error { font-size: .88rem; color: var(--bad); font-weight: 600; margin: .2rem 0; }
input[aria-invalid=true] { border-color: var(--bad); border-width: 2px; }
button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .5rem 1rem; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: var(--accent-ink); cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button.link { background: none; border: none; padding: 0; text-decoration: underline; font-weight: 400; color: inherit; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin-top: 1rem; }
.inline { display: inline-flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: 0; }
.notice { border-radius: 6px; padding: .6rem .9rem; margin: .75rem 0; border: 1px solid; }
.notice.error { background: #fdecea; border-color: #f5c2c0; color: #7a1c15; }
.notice.ok { background: #e8f5ec; border-color: #b7dfc3; color: #134d27; }
.notice.info { background: #eaf1fb; border-color: #bfd3f2; color: #17365f; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; overflow-wrap: anywhere; }
.secret { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.secret input { flex: 1 1 20rem; max-width: none; font-family: ui-monospace, Menlo, Consolas, monospace; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge.ok, .badge.active { color: var(--ok); }
.badge.tool_error, .badge.expiring { color: var(--warn); }
.badge.upstream_error, .badge.expired, .badge.internal_error { color: var(--bad); }
.badge.rate_limited { color: var(--limited); }
.badge.refused { color: var(--refused); }
ul.tools { columns: 2 18rem; padding-left: 1.2rem; font-size: .9rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
.filters label { margin: 0 0 .25rem; }
.filters > div { max-width: 100%; }
.filters select { width: auto; min-width: 10rem; max-width: 100%; }
.chart { width: 100%; height: auto; max-height: 14rem; background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
.chart .ok { fill: var(--ok); } .chart .tool_error { fill: var(--warn); } .chart .upstream_error, .chart .internal_error { fill: var(--bad); }
.chart .rate_limited { fill: var(--limited); } .chart .refused { fill: var(--refused); }
.chart .axis { stroke: var(--line); } .chart .line { fill: none; stroke: var(--focus); stroke-width: 2; }
figure { margin: 0 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.plain { list-style: none; padding: 0; } ul.plain li { margin: .4rem 0; } .chart text { font-size: 10px; fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: .75rem; list-style: none; padding: 0; font-size: .85rem; }
.legend i { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; }
.legend .ok { background: var(--ok); } .legend .tool_error { background: var(--warn); } .legend .upstream_error { background: var(--bad); }
.legend .rate_limited { background: var(--limited); } .legend .refused { background: var(--refused); } .legend .internal_error { background: var(--bad); }
details > summary { cursor: pointer; font-weight: 600; }
ol.steps li { margin: .25rem 0; }
@media (max-width: 40rem) {
  th, td { padding: .4rem; font-size: .85rem; }
  .hide-narrow { display: none; }
  h1 { font-size: 1.35rem; }
}
`;
