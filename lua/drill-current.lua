-- drill-current: when rbc.yaml names a runs folder (drills: {runs: drills/}),
-- every scenario has a passing drill of its current text, within its
-- tier's drill_every, that took no longer than its RTO. The statuses,
-- messages and levels are rbc's own (doc/drills.md): sc.drill holds them.
return {
  id = "drill-current",
  summary = "every scenario was drilled within its tier's drill_every, on its current text, within its RTO",
  severity = "warning",
  scenario = function(sc)
    local d = sc.drill
    if not d or not d.message then return end   -- no runs folder, or OK
    local at = { line = sc.line, col = sc.col, level = d.level }
    if d.status == "never" then
      rbc.report(sc, at, "%s", d.message)
    else
      rbc.report(sc, at, "%s: %s", d.message, d.why)
    end
  end,
}
