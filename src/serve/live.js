/* live.js: added by `rbc serve` to the pages it serves (never to `rbc
   build` output). It listens to /_rbc/events: a "reload" event that names
   this page, or a stylesheet or script it loads, reloads it at the same
   scroll position; a "diagnostics" event shows the book's errors and
   warnings (the build's and its lint's) in an overlay, or removes it. Same-origin script, no inline code or style
   attributes: it works under a Content-Security-Policy that allows 'self'. */
(function () {
	'use strict';
	var here = decodeURIComponent(location.pathname).replace(/^\/+/, '');
	if (here === '' || /\/$/.test(here)) here += 'index.html';
	var key = 'rbc-serve-scroll:' + here;
	var saved = null;
	try { saved = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) { /* storage off */ }
	if (saved !== null) {
		var y = Number(saved);
		window.addEventListener('load', function () { window.scrollTo(0, y); });
		if (document.readyState === 'complete') window.scrollTo(0, y);
	}

	/* The site paths this page loads: its stylesheets and scripts. */
	function loads(path) {
		var els = document.querySelectorAll('link[rel~="stylesheet"][href], script[src]');
		for (var i = 0; i < els.length; i++) {
			var u = new URL(els[i].getAttribute('href') || els[i].getAttribute('src'), location.href);
			if (u.origin === location.origin &&
			    decodeURIComponent(u.pathname).replace(/^\/+/, '') === path) return true;
		}
		return false;
	}

	/* Does a change of site file path concern this page? The search index
	   changes with every edit and is read only when searching. */
	function affects(path) {
		if (path === here) return true;
		if (/(^|\/)search-index\.js$/.test(path)) return false;
		return /\.(css|js)$/.test(path) && loads(path);
	}

	function reload() {
		try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* storage off */ }
		location.reload();
	}

	var overlay = null;
	function el(tag, css, text) {
		var e = document.createElement(tag);
		if (css) e.style.cssText = css;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	function show(d) {
		if (overlay) { overlay.remove(); overlay = null; }
		if (!d.items || !d.items.length) return;
		overlay = el('div', 'position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;' +
			'overflow:auto;background:#1e1e1e;color:#eee;font:13px/1.45 ui-monospace,monospace;' +
			'padding:12px 16px;border-top:4px solid #d33;box-shadow:0 -4px 16px rgba(0,0,0,.4)');
		overlay.id = 'rbc-serve-overlay';
		overlay.setAttribute('role', 'alert');
		function count(n, what) { return n + ' ' + what + (n === 1 ? '' : 's'); }
		var head = el('div', 'font-weight:bold;margin-bottom:6px;color:#f88', d.ok ?
			'rbc lint: ' + count(d.errors, 'error') + ', ' + count(d.warnings, 'warning') :
			'rbc: the book did not build (' + count(d.errors, 'error') + '); this page is the last good build');
		overlay.appendChild(head);
		d.items.forEach(function (it) {
			var line = el('div', 'white-space:pre-wrap;margin:2px 0');
			var where = it.file + (it.line ? ':' + it.line + (it.col ? ':' + it.col : '') : '');
			line.appendChild(el('span', 'color:#9cf', where + ': '));
			line.appendChild(el('span', it.level === 'error' ? 'color:#f66' : 'color:#fc6', it.level + ': '));
			line.appendChild(el('span', '', it.message + ' '));
			line.appendChild(el('span', 'color:#999', '[' + it.rule + ']'));
			overlay.appendChild(line);
		});
		var close = el('button', 'position:absolute;top:6px;right:10px;background:none;border:0;color:#eee;' +
			'font-size:18px;cursor:pointer', '\u00d7');
		close.setAttribute('aria-label', 'Hide');
		close.addEventListener('click', function () { overlay.remove(); overlay = null; });
		overlay.appendChild(close);
		(document.body || document.documentElement).appendChild(overlay);
	}

	var es = new EventSource('/_rbc/events');
	es.addEventListener('reload', function (e) {
		var d = JSON.parse(e.data);
		if (d.all || (d.changed || []).some(affects)) reload();
	});
	es.addEventListener('diagnostics', function (e) {
		var d = JSON.parse(e.data);
		if (document.body) show(d);
		else document.addEventListener('DOMContentLoaded', function () { show(d); });
	});
	window.__rbcServe = { here: here };
}());
