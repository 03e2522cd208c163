import { Hono } from 'hono';
import { DASHBOARD_CSS } from './style.ts';

/**
 * The dashboard's one script, served from the bundle at /ui/assets/app.js
 * (the CSP allows scripts from this origin only, none inline). It is plain
 * browser JavaScript kept as text, so there is no client build to run and
 * the bundle carries it as is. Every page works without it; it adds:
 * local times, Copy buttons, the expiry picker's conversion to UTC, and the
 * live tool preview of the Create MCP Server form. It writes record values
 * with `textContent` only.
 */
export const DASHBOARD_JS = `'use strict';
(function () {
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  // Times are rendered in UTC by the server; shown here in the browser's own timezone.
  each('time[data-local]', function (el) {
    var d = new Date(el.getAttribute('datetime'));
    if (!isNaN(d)) { el.title = el.textContent; el.textContent = d.toLocaleString(); }
  });

  // Copy buttons: data-copy names the element whose text is copied.
  each('button[data-copy]', function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      var status = document.getElementById(button.getAttribute('data-copy') + '-status');
      var text = source.value !== undefined ? source.value : source.textContent;
      function done(message) { if (status) status.textContent = message; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done('Copied'); }, function () { select(source); done('Press Ctrl+C to copy'); });
      } else { select(source); done('Press Ctrl+C to copy'); }
    });
  });
  function select(el) { if (el.select) { el.focus(); el.select(); } }

  // Expiry pickers show the browser's timezone; the form sends UTC (ISO 8601) in the hidden field.
  each('input[data-utc-field]', function (input) {
    var target = input.form.elements[input.getAttribute('data-utc-field')];
    var zone = document.getElementById(input.id + '-zone');
    if (zone) zone.textContent = 'Your timezone: ' + (Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time');
    function sync() {
      var d = input.value ? new Date(input.value) : null;
      target.value = d && !isNaN(d) ? d.toISOString() : '';
    }
    if (target.value) {
      var current = new Date(target.value);
      if (!isNaN(current)) {
        var local = new Date(current.getTime() - current.getTimezoneOffset() * 60000);
        input.value = local.toISOString().slice(0, 16);
      }
    }
    input.addEventListener('input', sync);
    input.form.addEventListener('submit', sync);
  });

  // Live preview of the tools a new MCP server will expose.
  each('form[data-preview]', function (form) {
    var out = document.getElementById('preview');
    var pending = 0;
    function render(answer) {
      out.replaceChildren();
      var summary = document.createElement('p');
      if (answer.error) {
        summary.className = 'notice error';
        summary.textContent = answer.error;
        out.append(summary);
        return;
      }
      summary.textContent = answer.tools.length + ' tools, about ' + answer.total_tokens + ' tokens of tool definitions';
      var list = document.createElement('ul');
      list.className = 'tools';
      answer.tools.forEach(function (tool) {
        var item = document.createElement('li');
        var name = document.createElement('code');
        name.textContent = tool.name;
        var size = document.createElement('span');
        size.className = 'muted';
        size.textContent = ' ' + (tool.read_only ? 'read' : 'write') + ', ~' + tool.tokens + ' tokens';
        item.append(name, size);
        list.append(item);
      });
      out.append(summary, list);
    }
    function refresh() {
      var query = new URLSearchParams();
      new FormData(form).forEach(function (value, key) { if (key === 'methods' || key === 'tags') query.append(key, value); });
      var ticket = ++pending;
      fetch(form.getAttribute('data-preview') + '?' + query, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (answer) { if (ticket === pending) render(answer); })
        .catch(function () {});
    }
    form.addEventListener('change', refresh);
    each('[data-preview-button]', function (b) { b.hidden = true; });
  });
})();
`;

export function assetRoutes(): Hono {
  return new Hono()
    .get('/ui/assets/app.js', (c) => c.body(DASHBOARD_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))
    .get('/ui/assets/app.css', (c) => c.body(DASHBOARD_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));
}
