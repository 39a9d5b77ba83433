/* site.js: the site's only script. Everything works without it; it adds
   search over assets/search-index.js (every word of a query, in any order,
   exactly or with one typo when it has 5 letters or more), copy buttons on
   code blocks (asking first on destructive ones) and
   sorting of tables. It never fetches anything (pages open from file://)
   and never builds HTML from text: every value goes in as textContent. */
(function () {
	"use strict";
	var root = document.body.getAttribute("data-root") || "";

	/* ---- copy buttons ---- */
	function copyText(text, done) {
		if (navigator.clipboard && window.isSecureContext) {
			navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
		} else {
			fallbackCopy(text, done);
		}
	}
	function fallbackCopy(text, done) {
		var area = document.createElement("textarea");
		area.value = text;
		area.setAttribute("readonly", "");
		area.style.position = "absolute";
		area.style.left = "-9999px";
		document.body.appendChild(area);
		area.select();
		try { document.execCommand("copy"); done(); } catch (e) { /* nothing to do: the text stays selectable */ }
		document.body.removeChild(area);
	}
	Array.prototype.forEach.call(document.querySelectorAll(".code .copy"), function (button) {
		var code = button.parentNode.querySelector("code");
		button.hidden = false;
		button.setAttribute("aria-label", "Copy this command");
		var ask = button.getAttribute("data-confirm");   /* a destructive block asks first */
		button.addEventListener("click", function () {
			if (ask && !window.confirm(ask)) return;
			copyText(code.textContent, function () {
				button.textContent = "Copied";
				setTimeout(function () { button.textContent = "Copy"; }, 1500);
			});
		});
	});

	/* ---- sortable tables ---- */
	function cellKey(row, col) {
		var cell = row.cells[col];
		if (!cell) return "";
		var key = cell.getAttribute("data-sort");
		return key !== null ? key : cell.textContent.trim().toLowerCase();
	}
	function compareKeys(a, b) {
		var na = parseFloat(a), nb = parseFloat(b);
		var aNum = a !== "" && !isNaN(na), bNum = b !== "" && !isNaN(nb);
		if (aNum && bNum) return na - nb;
		if (aNum !== bNum) return aNum ? -1 : 1;   /* empty cells last */
		return a < b ? -1 : a > b ? 1 : 0;
	}
	function sortBy(table, col, header) {
		var body = table.tBodies[0];
		var ascending = header.getAttribute("aria-sort") !== "ascending";
		var rows = Array.prototype.slice.call(body.rows);
		rows.sort(function (x, y) {
			var d = compareKeys(cellKey(x, col), cellKey(y, col));
			return ascending ? d : -d;
		});
		rows.forEach(function (row) { body.appendChild(row); });
		Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.setAttribute("aria-sort", "none"); });
		header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
	}
	Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
		if (!table.tHead || !table.tBodies.length) return;
		Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
			var button = document.createElement("button");
			button.type = "button";
			button.textContent = th.textContent;
			th.textContent = "";
			th.appendChild(button);
			button.addEventListener("click", function () { sortBy(table, col, th); });
		});
	});

	/* ---- search ---- */
	var index = window.RBC_SEARCH && window.RBC_SEARCH.docs ? window.RBC_SEARCH.docs : [];
	var input = document.getElementById("rbc.q");
	var results = document.getElementById("rbc.results");
	var KIND = { r: "Runbook", s: "Scenario", c: "Contact" };
	/* index rows: [kind, title, url, context, words]; words are the doc's
	   distinct lower-case words, space-separated (render_html_search.c) */
	var postings = null;   /* word -> [doc number...], made at the first search */
	var vocabulary = [];
	function prepare() {
		postings = Object.create(null);
		index.forEach(function (doc, n) {
			doc.titleLower = doc[1].toLowerCase();
			doc[4].split(" ").forEach(function (word) {
				if (!word) return;
				if (!postings[word]) { postings[word] = []; vocabulary.push(word); }
				postings[word].push(n);
			});
		});
	}
	/* true when a and b differ by at most one edit: a letter added, dropped,
	   changed, or two neighbours swapped */
	function oneEdit(a, b) {
		var la = a.length, lb = b.length;
		if (Math.abs(la - lb) > 1) return false;
		var i = 0;
		while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
		if (i === la || i === lb) return true;
		if (la === lb) {
			if (a.slice(i + 1) === b.slice(i + 1)) return true;
			return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
		}
		return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
	}
	/* how well index word w answers query word q: 1 when it holds q, 0.5 when
	   q (5 letters or more) is one typo away from w or from w's beginning */
	function wordScore(q, w) {
		if (w.indexOf(q) >= 0) return 1;
		if (q.length < 5) return 0;
		if (oneEdit(q, w)) return 0.5;
		for (var k = q.length - 1; k <= q.length + 1; k++)
			if (k < w.length && oneEdit(q, w.slice(0, k))) return 0.5;
		return 0;
	}
	/* every doc holding all query words (in any order, each exactly or with
	   one typo), best first: a word in the title counts most */
	function search(query) {
		var words = query.toLowerCase().split(/[^0-9a-z_\-\u0080-\uffff]+/).filter(function (w) { return w.length > 0; });
		if (!words.length) return [];
		if (!postings) prepare();
		var score = null;
		for (var i = 0; i < words.length; i++) {
			var q = words[i], found = Object.create(null);
			vocabulary.forEach(function (w) {
				var s = wordScore(q, w);
				if (!s) return;
				postings[w].forEach(function (n) { if (!(found[n] >= s)) found[n] = s; });
			});
			index.forEach(function (doc, n) {
				if (doc.titleLower.indexOf(q) >= 0) found[n] = (found[n] || 0) + 2;
			});
			if (score === null) {
				score = found;
			} else {
				var both = Object.create(null);
				for (var n in score) if (found[n]) both[n] = score[n] + found[n];
				score = both;
			}
		}
		var hits = [];
		for (var m in score) {
			var doc = index[m];
			hits.push({ doc: doc, score: score[m] + (doc[0] === "s" ? 0.5 : 0) });
		}
		hits.sort(function (a, b) { return b.score - a.score || (a.doc[1] < b.doc[1] ? -1 : a.doc[1] > b.doc[1] ? 1 : 0); });
		return hits.slice(0, 50);
	}
	function show(query) {
		while (results.firstChild) results.removeChild(results.firstChild);
		if (!query.trim()) { results.hidden = true; return; }
		var hits = search(query);
		var heading = document.createElement("p");
		heading.textContent = hits.length ? hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d"
			: "Nothing matches \u201c" + query + "\u201d.";
		results.appendChild(heading);
		var list = document.createElement("ol");
		hits.forEach(function (hit) {
			var item = document.createElement("li");
			var kind = document.createElement("span");
			kind.className = "kind";
			kind.textContent = KIND[hit.doc[0]] + " ";
			var link = document.createElement("a");
			link.href = root + hit.doc[2];
			link.textContent = hit.doc[1];
			item.appendChild(kind);
			item.appendChild(link);
			if (hit.doc[3]) {
				var context = document.createElement("span");
				context.className = "context";
				context.textContent = hit.doc[3];
				item.appendChild(context);
			}
			list.appendChild(item);
		});
		results.appendChild(list);
		results.hidden = false;
	}
	if (input && results) {
		var pending = null;   /* a big book's search waits for a pause in the typing */
		input.addEventListener("input", function () {
			clearTimeout(pending);
			pending = setTimeout(function () { show(input.value); }, index.length > 2000 ? 150 : 0);
		});
		var match = /[?&]q=([^&#]*)/.exec(window.location.search);
		if (match) {
			var query = "";
			try { query = decodeURIComponent(match[1].replace(/\+/g, " ")); } catch (e) { query = ""; }
			input.value = query;
			show(query);
		}
	}
})();
