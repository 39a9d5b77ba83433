/* site.js: the site's only script. Everything works without it; it adds
   search over assets/search-index.js, copy buttons on code blocks and
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
		button.addEventListener("click", function () {
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
	/* index rows: [kind, title, url, context, text]; text is lower case */
	function search(query) {
		var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
		if (!words.length) return [];
		var hits = [];
		index.forEach(function (doc) {
			var title = doc[1].toLowerCase(), score = 0;
			for (var i = 0; i < words.length; i++) {
				if (title.indexOf(words[i]) >= 0) score += 3;
				else if (doc[4].indexOf(words[i]) >= 0) score += 1;
				else return;
			}
			hits.push({ doc: doc, score: score + (doc[0] === "s" ? 0.5 : 0) });
		});
		hits.sort(function (a, b) { return b.score - a.score || (a.doc[1] < b.doc[1] ? -1 : 1); });
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
		input.addEventListener("input", function () { show(input.value); });
		var match = /[?&]q=([^&#]*)/.exec(window.location.search);
		if (match) {
			var query = "";
			try { query = decodeURIComponent(match[1].replace(/\+/g, " ")); } catch (e) { query = ""; }
			input.value = query;
			show(query);
		}
	}
})();
